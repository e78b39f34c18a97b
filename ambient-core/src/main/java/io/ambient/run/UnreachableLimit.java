package io.ambient.run;

import java.time.Duration;

/**
 * When a run whose model never answered is stopped as unreachable: after {@code failures} failed attempts in a row to
 * connect to the model, once the agent has run {@code withoutAnswer} without an answer. Both, so that a slow first
 * answer or a short network blip does not stop a run, and a dead endpoint stops it long before its timeout: the CLIs
 * back off to 30-40 s between attempts, so the {@link #DEFAULT} stops one within about a minute.
 *
 * @param failures      failed attempts in a row, at least 1
 * @param withoutAnswer time since the agent started with no answer from the model
 */
public record UnreachableLimit(int failures, Duration withoutAnswer) {
    /** 3 failures in a row and 20 s without an answer. */
    public static final UnreachableLimit DEFAULT = new UnreachableLimit(3, Duration.ofSeconds(20));

    public UnreachableLimit {
        if (failures < 1 || withoutAnswer.isNegative()) {
            throw new IllegalArgumentException("an unreachable limit needs at least 1 failure and a duration >= 0");
        }
    }
}
