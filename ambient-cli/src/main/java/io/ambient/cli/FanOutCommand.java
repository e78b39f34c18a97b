package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.Units;
import io.ambient.exec.Executor;
import io.ambient.fanout.FanOutPlan;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.FanOutRunner;
import io.ambient.fanout.FanOutSpec;
import io.ambient.fanout.PickRule;
import io.ambient.fanout.PlannedRun;
import io.ambient.fanout.RunFactory;
import io.ambient.fanout.Shard;
import io.ambient.fanout.ShardPlanner;
import io.ambient.report.render.MarkdownRenderer;
import io.ambient.run.RunIds;
import io.ambient.tracking.TrackingConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code ambient fanout}: many agent runs at once, over shards of the workspace and/or a model matrix, each in its own
 * container on its own copy of the workspace; the results verified, compared, and the picked changes merged.
 */
@Command(name = "fanout", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Runs many agents at once: one per shard of the workspace (--shard, --shards-auto, --shard-glob "
                + "or --codeowners), one per model (--models), or one per shard and model. Each run works in its own "
                + "container on its own copy of the workspace; the results are verified (--verify), compared, and the "
                + "picked changes (--pick) merged into the workspace. Writes fanout.json and a report per run.",
                "The prompt is a template: $${SHARD_NAME}, $${SHARD_PATHS} (the shard's paths, space separated) and "
                        + "$${RUN_NAME} are filled in per run, with the --var variables; $$$${ writes a literal $${. "
                        + "Quote it in single quotes so the shell leaves it alone."},
        footer = {"", "Exit codes: 0 every run succeeded (and passed --verify) and nothing stopped the fan-out, "
                + "1 it did not, 2 bad input (nothing was started). See docs/fanout.md."})
final class FanOutCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    Prompt prompt;

    @Option(names = "--shard", paramLabel = "NAME=PATH[,PATH...]",
            description = "A shard: the workspace-relative files and directories one run is responsible for. "
                    + "Repeatable; shards may not overlap.")
    List<String> shards = new ArrayList<>();

    @Option(names = "--shards-auto", paramLabel = "N",
            description = "Split the workspace's top-level entries into at most N shards of about the same number of "
                    + "files.")
    Integer shardsAuto;

    @Option(names = "--shard-glob", paramLabel = "GLOB",
            description = "One shard per directory matching GLOB, e.g. 'services/*' or 'modules/**/src'. Repeatable.")
    List<String> shardGlobs = new ArrayList<>();

    @Option(names = "--codeowners",
            description = "One shard per owner in the workspace's CODEOWNERS file (GitHub's rules); files without an "
                    + "owner are left out and listed.")
    boolean codeowners;

    @Option(names = "--models", split = ",", paramLabel = "PROFILE[:MODEL]",
            description = "Model matrix: run the task once per entry (per shard, with shards), e.g. "
                    + "claude-code:sonnet,codex:gpt-5,gemini. An entry's profile and model replace --agent and "
                    + "--model.")
    List<String> models = new ArrayList<>();

    @Option(names = "--max-runs", defaultValue = "" + FanOutPlan.DEFAULT_MAX_RUNS, paramLabel = "N",
            description = "Refuse a plan of more runs than this (default: ${DEFAULT-VALUE}).")
    int maxRuns;

    @Option(names = "--max-parallel", paramLabel = "N",
            description = "Runs at once at most (default: the Docker engine host's CPU count).")
    Integer maxParallel;

    @Option(names = "--fail-fast", description = "Stop every run as soon as one fails (or fails --verify).")
    boolean failFast;

    @Option(names = "--verify", paramLabel = "CMD",
            description = "Command run with 'sh -c' on each successful run's result, in the same image: a run "
                    + "passes when it exits 0, e.g. 'mvn -q test'.")
    String verify;

    @Option(names = "--verify-timeout", defaultValue = "30m", paramLabel = "DURATION",
            description = "Kill --verify after this long, which fails it (default: ${DEFAULT-VALUE}).")
    String verifyTimeout;

    @Option(names = "--pick", defaultValue = "best", paramLabel = "RULE",
            description = "Which changes reach the workspace, per shard: best (passed, then fewest lines changed, "
                    + "then cheapest), first-passing (first planned run that passed) or none (compare only) "
                    + "(default: ${DEFAULT-VALUE}).")
    String pick;

    @Option(names = "--budget-usd", paramLabel = "USD",
            description = "Total cost of all runs: when their costs (reported, or estimated from tokens) add up to "
                    + "more, every run still going is stopped (claude-code, codex, gemini).")
    Double budgetUsd;

    @Option(names = "--reject-out-of-scope",
            description = "Do not merge a shard's run that changed files outside its shard (they are always reported).")
    boolean rejectOutOfScope;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where fanout.json and the runs' reports go (default: <state-dir>/fanouts/<new id>).")
    Path out;

    @Mixin
    RunOptions options;

    @Mixin
    StateOptions state;

    /** Shown when the runs start: what a CODEOWNERS plan leaves out, or {@code null}. */
    private String codeownersNotice;

    /** Exactly one of --prompt, --prompt-file and --template; a template in every case. */
    static final class Prompt extends PromptSource {
        @Option(names = "--prompt", paramLabel = "TEXT", required = true,
                description = "The task, a template: e.g. 'Remove dead code in $${SHARD_PATHS}'.")
        void text(String value) {
            text = value;
        }

        @Option(names = "--prompt-file", paramLabel = "FILE", required = true,
                description = "The task, a template read from a file.")
        void file(Path value) {
            file = value;
        }

        @Option(names = "--template", paramLabel = "NAME", required = true,
                description = "The task, a prompt template of the context packs.")
        void template(String value) {
            template = value;
        }
    }

    @Override
    public Integer call() {
        TrackingConfig tracking = options.tracking(state.stateDir());
        PrComment comment = options.prComment("ambient-fanout");
        if (comment != null && comment.suggests()) {
            throw new InvalidInputException("--suggest works with 'ambient run': a fan-out's runs have a patch each; "
                    + "use 'ambient comment --suggest' on the run's report.json");
        }
        Path workspace = options.workspace();
        List<PlannedRun> runs = FanOutPlan.of(shards(workspace), models, maxRuns);
        if (maxParallel != null && maxParallel < 1) {
            throw new InvalidInputException("invalid --max-parallel " + maxParallel + ": give at least 1");
        }
        Path outDir = (out != null ? out : state.stateDir().resolve("fanouts").resolve(RunIds.newId()))
                .toAbsolutePath().normalize();
        FanOutSpec spec = FanOutSpec.builder(workspace, outDir, runs)
                .prompt(prompt.unexpanded(options.context()))
                .vars(options.templateVars())
                .maxParallel(maxParallel == null ? 0 : maxParallel)
                .failFast(failFast)
                .verify(verify)
                .verifyTimeout(Units.parseDuration(verifyTimeout, "--verify-timeout"))
                .pick(PickRule.parse(pick))
                .budgetUsd(budgetUsd)
                .rejectOutOfScope(rejectOutOfScope)
                .build();
        // A matrix entry's profile and model win over --agent and --model; everything else is the same for all.
        RunFactory factory = run -> options.request(run.profile() != null ? run.profile() : options.agent,
                run.model() != null ? run.model() : options.model);
        try (Executor engine = options.executor.open(state.stateDir());
             FanOutConsole console = new FanOutConsole(runs, System.out, System.err, ConsoleListener.isInteractive())) {
            if (options.executor == ExecutorChoice.process) {
                console.notice("WARNING: --executor process runs the agents as local processes WITHOUT isolation");
            }
            if (codeownersNotice != null) {
                console.notice(codeownersNotice);
            }
            FanOutRunner fanOut = new FanOutRunner(engine);
            // The guard stays open until the table is printed: a Ctrl-C lets the JVM exit only after that.
            try (Interrupts.Guard guard = Interrupts.onInterrupt(fanOut::cancel)) {
                FanOutReport report = fanOut.run(spec, factory, console);
                console.close();
                FanOutConsole.table(report).forEach(System.out::println);
                System.out.flush();
                System.err.println("ambient: " + FanOutConsole.summary(report));
                System.err.println("ambient: report: " + outDir.resolve(FanOutRunner.REPORT_FILE));
                Tracking.publish(tracking, report.runs().stream().map(FanOutRun::report).filter(Objects::nonNull)
                        .toList(), message -> System.err.println("ambient: " + message));
                if (comment != null) {
                    comment.write(MarkdownRenderer.fanOut(report, PrComment.buildLinks(System.getenv())), null,
                            message -> System.err.println("ambient: " + message));
                }
                return report.succeeded() ? AmbientCommand.exitCode(report.runs().stream().map(FanOutRun::report)
                        .filter(Objects::nonNull).toList(), options.allowSuspect) : AmbientCommand.EXIT_FAILED;
            }
        }
    }

    /** The shards of the one shard source given, or none for a model matrix alone. */
    private List<Shard> shards(Path workspace) {
        List<String> sources = new ArrayList<>();
        if (!shards.isEmpty()) {
            sources.add("--shard");
        }
        if (shardsAuto != null) {
            sources.add("--shards-auto");
        }
        if (!shardGlobs.isEmpty()) {
            sources.add("--shard-glob");
        }
        if (codeowners) {
            sources.add("--codeowners");
        }
        if (sources.size() > 1) {
            throw new InvalidInputException(String.join(" and ", sources) + " both give shards: use one of --shard, "
                    + "--shards-auto, --shard-glob or --codeowners");
        }
        if (!shards.isEmpty()) {
            return ShardPlanner.explicit(workspace, shards.stream().map(FanOutCommand::parseShard).toList());
        }
        if (shardsAuto != null) {
            return ShardPlanner.auto(workspace, shardsAuto);
        }
        if (!shardGlobs.isEmpty()) {
            return ShardPlanner.globs(workspace, shardGlobs);
        }
        if (codeowners) {
            ShardPlanner.CodeownersPlan plan = ShardPlanner.codeownersPlan(workspace);
            if (!plan.unowned().isEmpty()) {
                codeownersNotice = "no owner in " + plan.file() + ", so in no run: " + String.join(" ", plan.unowned());
            }
            return plan.shards();
        }
        return List.of();
    }

    /** {@code NAME=PATH[,PATH...]}; the planner checks the name and the paths. */
    static Shard parseShard(String text) {
        int eq = text.indexOf('=');
        List<String> paths = eq < 0 ? List.of() : Arrays.stream(text.substring(eq + 1).split(","))
                .map(String::strip).filter(path -> !path.isEmpty()).toList();
        if (eq <= 0 || paths.isEmpty()) {
            throw new InvalidInputException("invalid --shard '" + text + "': give NAME=PATH[,PATH...], "
                    + "e.g. api=services/api/,libs/client/");
        }
        return new Shard(text.substring(0, eq).strip(), paths);
    }
}
