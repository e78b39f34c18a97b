package io.ambient.fanout;

import java.io.Serializable;

/**
 * One run of a fan-out, as planned.
 *
 * @param name    unique within the fan-out; names its report directory and is part of its run id
 * @param shard   the part of the workspace it works on, or {@code null} for the whole workspace
 * @param profile the agent or profile of a model matrix entry, or {@code null} for the fan-out's own
 * @param model   the model of a model matrix entry, or {@code null}
 */
public record PlannedRun(String name, Shard shard, String profile, String model) implements Serializable {
}
