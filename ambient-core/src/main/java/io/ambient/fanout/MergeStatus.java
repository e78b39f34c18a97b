package io.ambient.fanout;

/** What became of a run's changes; in JSON the lower-case name. */
public enum MergeStatus {
    /** Its changes are in the main workspace. */
    MERGED,
    /** Picked, but it changed a file an earlier merged run changed: nothing of it was merged. */
    CONFLICT,
    /** Eligible, but another run of its group was picked. */
    NOT_PICKED,
    /** Not eligible: it did not succeed, failed verify, changed nothing, or the rule is {@code none}. */
    NOT_ELIGIBLE,
    /** It changed files outside its shard and out-of-scope edits are rejected. */
    OUT_OF_SCOPE,
    /** The fan-out stopped before this run started. */
    NOT_STARTED
}
