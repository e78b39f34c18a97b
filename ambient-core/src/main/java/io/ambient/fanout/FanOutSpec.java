package io.ambient.fanout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fan-out as a caller asks for it. Build it with {@link #builder(Path, Path, List)}.
 *
 * @param workspace        the main git work tree: runs work on copies of it, picked changes are merged into it
 * @param outDir           where {@code fanout.json} and each run's report directory go
 * @param runs             the planned runs ({@link FanOutPlan})
 * @param prompt           the task, a template: {@code SHARD_NAME}, {@code SHARD_PATHS}, {@code RUN_NAME} and
 *                         {@code vars} are filled in per run
 * @param vars             more template variables
 * @param maxParallel      runs at once; 0 for the engine host's CPU count
 * @param failFast         stop every run when one fails
 * @param verify           command run with {@code sh -c} on each successful run's result, or {@code null}
 * @param verifyTimeout    limit of the verify command
 * @param pick             which changes go into the main workspace
 * @param budgetUsd        total cost across runs, enforced as they report it; {@code null} for none
 * @param rejectOutOfScope a shard run that changed files outside its shard is not merged
 */
public record FanOutSpec(Path workspace, Path outDir, List<PlannedRun> runs, String prompt, Map<String, String> vars,
                         int maxParallel, boolean failFast, String verify, Duration verifyTimeout, PickRule pick,
                         Double budgetUsd, boolean rejectOutOfScope) {
    public FanOutSpec {
        runs = List.copyOf(runs);
        vars = Map.copyOf(vars);
    }

    public static Builder builder(Path workspace, Path outDir, List<PlannedRun> runs) {
        return new Builder(workspace, outDir, runs);
    }

    /** Builder for {@link FanOutSpec}. */
    public static final class Builder {
        private final Path workspace;
        private final Path outDir;
        private final List<PlannedRun> runs;
        private String prompt;
        private final Map<String, String> vars = new LinkedHashMap<>();
        private int maxParallel;
        private boolean failFast;
        private String verify;
        private Duration verifyTimeout = Duration.ofMinutes(30);
        private PickRule pick = PickRule.BEST;
        private Double budgetUsd;
        private boolean rejectOutOfScope;

        private Builder(Path workspace, Path outDir, List<PlannedRun> runs) {
            this.workspace = workspace;
            this.outDir = outDir;
            this.runs = new ArrayList<>(runs);
        }

        public Builder prompt(String value) {
            prompt = value;
            return this;
        }

        public Builder vars(Map<String, String> values) {
            vars.putAll(values);
            return this;
        }

        public Builder maxParallel(int value) {
            maxParallel = value;
            return this;
        }

        public Builder failFast(boolean value) {
            failFast = value;
            return this;
        }

        public Builder verify(String command) {
            verify = command;
            return this;
        }

        public Builder verifyTimeout(Duration value) {
            verifyTimeout = value;
            return this;
        }

        public Builder pick(PickRule value) {
            pick = value;
            return this;
        }

        public Builder budgetUsd(Double value) {
            budgetUsd = value;
            return this;
        }

        public Builder rejectOutOfScope(boolean value) {
            rejectOutOfScope = value;
            return this;
        }

        public FanOutSpec build() {
            return new FanOutSpec(workspace, outDir, runs, prompt, vars, maxParallel, failFast, verify, verifyTimeout,
                    pick, budgetUsd, rejectOutOfScope);
        }
    }
}
