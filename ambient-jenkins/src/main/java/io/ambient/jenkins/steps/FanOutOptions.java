package io.ambient.jenkins.steps;

import io.ambient.fanout.FanOutPlan;
import io.ambient.fanout.PickRule;
import io.ambient.fanout.PlannedRun;
import io.ambient.fanout.Shard;
import io.ambient.fanout.ShardPlanner;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ambientFanOut}'s own options as plain data for the node, where the shards are planned (they need the
 * workspace's files).
 *
 * @param shards      explicit shards: name to workspace-relative paths
 * @param shardsAuto  split the top-level entries into at most this many shards, or {@code null}
 * @param shardGlobs  one shard per directory matching a glob
 * @param codeowners  one shard per owner in CODEOWNERS
 * @param models      model matrix entries, {@code PROFILE[:MODEL]}
 * @param maxParallel runs at once, or {@code null} for the engine host's CPU count
 * @param failFast    stop every run when one fails
 * @param verify      command run on each successful run's result, or {@code null}
 * @param pick        {@code best}, {@code first-passing} or {@code none}
 * @param budgetUsd   total cost across the runs, or {@code null}
 */
record FanOutOptions(Map<String, List<String>> shards, Integer shardsAuto, List<String> shardGlobs, boolean codeowners,
                     List<String> models, Integer maxParallel, boolean failFast, String verify, String pick,
                     Double budgetUsd) implements Serializable {
    private static final long serialVersionUID = 1L;

    FanOutOptions {
        shards = new LinkedHashMap<>(shards); // in the given order: it is the runs' order
        shardGlobs = List.copyOf(shardGlobs);
        models = List.copyOf(models);
    }

    /** The runs: one per shard, per model matrix entry, or per shard and entry. Runs on the node. */
    List<PlannedRun> plan(Path workspace) {
        return FanOutPlan.of(shards(workspace), models, FanOutPlan.DEFAULT_MAX_RUNS);
    }

    PickRule pickRule() {
        return PickRule.parse(pick);
    }

    /** The shards of the one source given (the step checked there is at most one), or none for models alone. */
    private List<Shard> shards(Path workspace) {
        if (!shards.isEmpty()) {
            return ShardPlanner.explicit(workspace, shards.entrySet().stream()
                    .map(shard -> new Shard(shard.getKey(), shard.getValue())).toList());
        }
        if (shardsAuto != null) {
            return ShardPlanner.auto(workspace, shardsAuto);
        }
        if (!shardGlobs.isEmpty()) {
            return ShardPlanner.globs(workspace, shardGlobs);
        }
        return codeowners ? ShardPlanner.codeowners(workspace) : List.of();
    }
}
