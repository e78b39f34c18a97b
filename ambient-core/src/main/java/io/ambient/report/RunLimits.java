package io.ambient.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.Serializable;

/**
 * The limits a run was given; {@code null} for no limit.
 *
 * @param timeoutSeconds wall-clock limit
 * @param maxTurns       model turns
 * @param budgetUsd      cost in US dollars, as the agent reports it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunLimits(Long timeoutSeconds, Integer maxTurns, Double budgetUsd) implements Serializable {
    /** No limits. */
    public static final RunLimits NONE = new RunLimits(null, null, null);
}
