package io.ambient.fanout;

import io.ambient.InvalidInputException;

import java.util.Locale;

/**
 * Which run's changes go into the main workspace when several runs did the same work (a model matrix), decided the
 * same way every time:
 * <ul>
 *   <li>{@link #BEST}: of the runs that succeeded, passed {@code verify} (when there is one) and changed something,
 *       the one that changed the fewest lines, then the cheapest (unknown cost last), then the first planned;</li>
 *   <li>{@link #FIRST_PASSING}: the first planned run that succeeded, passed verify and changed something;</li>
 *   <li>{@link #NONE}: none; the fan-out only compares.</li>
 * </ul>
 * Shards do different work: each shard's run (or the pick among its models) is merged unless the rule is NONE.
 */
public enum PickRule {
    BEST,
    FIRST_PASSING,
    NONE;

    /**
     * The rule written as users write it: {@code best}, {@code first-passing} or {@code none}, any case.
     *
     * @throws InvalidInputException for anything else
     */
    public static PickRule parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("invalid pick '" + text + "': use best, first-passing or none");
        }
    }
}
