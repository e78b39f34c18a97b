package io.ambient.fanout;

import io.ambient.report.RunStatus;
import io.ambient.workspace.ChangedFile;
import io.ambient.workspace.WorkspaceCopies;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Picks, per shard, the run whose changes go into the main workspace ({@link PickRule}), and merges them in plan
 * order. A run that changed a file an earlier merged run changed is a conflict: none of it is merged, and both are
 * named, so nothing is silently overwritten.
 */
final class Merger {
    private Merger() {
    }

    /** The runs with their merge status; the picked, conflict-free ones' changes brought from {@code copies}. */
    static List<FanOutRun> merge(List<FanOutRun> runs, PickRule rule, Map<String, Path> copies, Path main) {
        Map<String, List<FanOutRun>> groups = new LinkedHashMap<>();
        for (FanOutRun run : runs) {
            groups.computeIfAbsent(run.shard() == null ? "" : run.shard().name(), key -> new ArrayList<>()).add(run);
        }
        Map<String, FanOutRun> decided = new HashMap<>();
        for (List<FanOutRun> group : groups.values()) {
            FanOutRun picked = rule == PickRule.NONE ? null : pick(group, rule);
            for (FanOutRun run : group) {
                decided.put(run.name(), run.merge() != null ? run
                        : run.withMerge(run == picked ? MergeStatus.MERGED
                        : eligible(run) && rule != PickRule.NONE ? MergeStatus.NOT_PICKED : MergeStatus.NOT_ELIGIBLE,
                        List.of()));
            }
        }
        Map<String, String> mergedFiles = new HashMap<>();
        List<FanOutRun> result = new ArrayList<>();
        for (FanOutRun planned : runs) {
            FanOutRun run = decided.get(planned.name());
            if (run.merge() == MergeStatus.MERGED) {
                List<String> conflicts = run.report().changedFiles().stream().map(ChangedFile::path)
                        .map(mergedFiles::get).filter(Objects::nonNull).distinct().toList();
                if (conflicts.isEmpty()) {
                    WorkspaceCopies.bringBack(copies.get(run.name()), main, run.report().changedFiles());
                    for (ChangedFile file : run.report().changedFiles()) {
                        mergedFiles.put(file.path(), run.name());
                    }
                } else {
                    run = run.withMerge(MergeStatus.CONFLICT, conflicts);
                }
            }
            result.add(run);
        }
        return result;
    }

    private static FanOutRun pick(List<FanOutRun> group, PickRule rule) {
        List<FanOutRun> eligible = group.stream().filter(Merger::eligible).toList();
        if (eligible.isEmpty()) {
            return null;
        }
        if (rule == PickRule.FIRST_PASSING) {
            return eligible.get(0);
        }
        // Stable sort: among equals, the first planned wins.
        return eligible.stream().sorted(Comparator.comparingInt(FanOutRun::changedLines)
                .thenComparing(run -> run.report().usage() == null ? null : run.report().usage().costUsd(),
                        Comparator.nullsLast(Comparator.naturalOrder()))).findFirst().orElseThrow();
    }

    /** Succeeded, passed verify (if any), changed something, and was not already ruled out (out of scope). */
    private static boolean eligible(FanOutRun run) {
        return run.merge() == null && run.report() != null && run.report().status() == RunStatus.SUCCEEDED
                && (run.verify() == null || run.verify().passed())
                && run.report().changedFiles() != null && !run.report().changedFiles().isEmpty();
    }
}
