package io.ambient.run;

import io.ambient.AmbientException;
import io.ambient.FileTrees;
import io.ambient.InvalidInputException;
import io.ambient.Units;
import io.ambient.agent.AgentAdapter;
import io.ambient.agent.AgentEvent;
import io.ambient.agent.AgentInvocation;
import io.ambient.agent.AgentOutcome;
import io.ambient.agent.Agents;
import io.ambient.agent.Endpoint;
import io.ambient.agent.OutputParser;
import io.ambient.agent.Prices;
import io.ambient.agent.Usage;
import io.ambient.context.AgentContext;
import io.ambient.exec.ExecLayout;
import io.ambient.exec.ExecResult;
import io.ambient.exec.ExecSpec;
import io.ambient.exec.Executor;
import io.ambient.exec.LogCursor;
import io.ambient.exec.OutputLine;
import io.ambient.exec.RunHandle;
import io.ambient.report.BoundedEventLog;
import io.ambient.report.ContextInfo;
import io.ambient.report.PatchInfo;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunLimits;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.report.SecretMasker;
import io.ambient.report.StopCause;
import io.ambient.workspace.ChangeSet;
import io.ambient.workspace.ChangedFile;
import io.ambient.workspace.ForkConfigOverlay;
import io.ambient.workspace.WorkspaceChanges;
import io.ambient.workspace.WorkspaceSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one way in to run an agent: checks the request, snapshots the workspace, runs the agent through an
 * {@link Executor}, parses its output, computes what it changed and writes the {@link RunReport}.
 * <p>
 * {@link #run} does it all in one call. {@link #start} and {@link #finish} split it for callers that must survive
 * their own restart: persist the {@link RunTicket} and the {@link LogCursor} of the last line shown, and call
 * {@link #finish} again from a new process; the report is complete and no line is shown twice.
 */
public final class AgentRunner {
    /** Patch text kept inside report.json; the full patch is always in its own file. */
    public static final int PATCH_TEXT_CAP = 256 * 1024;
    /** Directory of the context packs' extra files, inside the run's input directory. */
    public static final String CONTEXT_DIR = "context";

    private final Executor executor;

    public AgentRunner(Executor executor) {
        this.executor = executor;
    }

    /**
     * Runs the agent to the end. A failure of the engine after the input was accepted still yields a written report
     * with status {@link RunStatus#ERROR}.
     *
     * @throws InvalidInputException for bad input, before anything was created
     */
    public RunResult run(RunRequest request, RunListener listener) {
        return run(request, listener, ticket -> { });
    }

    /**
     * Runs the agent to the end, telling {@code started} its ticket as soon as it runs, e.g. to cancel it from
     * another thread.
     *
     * @throws InvalidInputException for bad input, before anything was created
     */
    public RunResult run(RunRequest request, RunListener listener, Consumer<RunTicket> started) {
        Prepared prepared = prepare(request, listener);
        SecretMasker masker = maskerFor(request);
        RunTicket ticket;
        try {
            ticket = launch(prepared, listener);
        } catch (InvalidInputException e) {
            throw e;
        } catch (AmbientException e) {
            return errorReport(prepared, e, listener, masker);
        }
        started.accept(ticket);
        return finish(ticket, LogCursor.START, listener, masker);
    }

    /**
     * Checks {@code request} as {@link #start} would (input, credentials, limits, the engine, the image) without
     * starting or changing anything: a fan-out checks all its runs before it starts the first.
     *
     * @throws InvalidInputException for bad input
     */
    public void check(RunRequest request) {
        checked(request, Agents.named(request.agent()));
    }

    /**
     * Starts the agent detached and returns at once.
     *
     * @throws InvalidInputException for bad input, before anything was created
     * @throws AmbientException      when the engine failed to start it (nothing is left behind)
     */
    public RunTicket start(RunRequest request, RunListener listener) {
        return launch(prepare(request, listener), listener);
    }

    /**
     * Follows a started run to its end and writes its report. Lines the caller already showed (up to
     * {@code shown}) are parsed again for the report but not passed to {@code listener} again.
     */
    public RunResult finish(RunTicket ticket, LogCursor shown, RunListener listener) {
        return finish(ticket, shown, listener, SecretMasker.NONE);
    }

    /**
     * Follows a started run to its end and writes its report, masking {@code masker}'s secrets in every line shown
     * and everything reported. Whoever follows a run again gives the secrets again: tickets hold none.
     */
    public RunResult finish(RunTicket ticket, LogCursor shown, RunListener listener, SecretMasker masker) {
        return follow(ticket, shown, listener, masker, null).result();
    }

    /**
     * Follows a started run for at most {@code maxWait}: shows the lines after {@code shown}, and when the run ends
     * within that time writes its report like {@link #finish}. Otherwise the run goes on untouched and the returned
     * cursor is where to follow from next time, from this process or another one (a Jenkins step polls this way and
     * persists the cursor between calls). Limits are enforced across calls: the output is parsed from its start
     * each time.
     *
     * @param maxWait how long to follow at most; {@code null} to follow until the run ends
     */
    public FollowStep follow(RunTicket ticket, LogCursor shown, RunListener listener, SecretMasker masker,
            Duration maxWait) {
        return follow(ticket, shown, listener, masker, maxWait, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #follow(RunTicket, LogCursor, RunListener, SecretMasker, Duration)}, and returns early once
     * {@code maxLines} new lines were shown: what one poll hands over stays bounded however fast the agent writes.
     */
    public FollowStep follow(RunTicket ticket, LogCursor shown, RunListener listener, SecretMasker masker,
            Duration maxWait, int maxLines) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be at least 1");
        }
        AgentAdapter agent = Agents.named(ticket.agent());
        BoundedEventLog events = new BoundedEventLog();
        // The output is parsed from its start on every follow; events of the lines shown before went out then.
        boolean[] replaying = {false};
        OutputParser parser = agent.newParser(event -> {
            AgentEvent masked = masker.mask(event);
            events.add(masked);
            if (!replaying[0]) {
                listener.onEvent(masked);
            }
        });
        RunLimits limits = ticket.limits();
        CostMeter cost = new CostMeter(ticket.price(), ticket.model());
        RunGuard guard = new RunGuard(agent.enforcesMaxTurns() ? null : limits.maxTurns(), limits.budgetUsd(), cost,
                UnreachableLimit.DEFAULT, ticket.handle().startedAt(), () -> executor.cancel(ticket.handle()));
        listener.onState(RunState.RUNNING, executor.name() + " " + shortId(ticket.handle().id()));
        Progress progress = new Progress(cost);
        LogCursor[] reached = {shown};
        int[] delivered = {0};
        ExecResult result;
        try {
            Optional<ExecResult> ended = executor.follow(ticket.handle(), LogCursor.START, line -> {
                replaying[0] = shown.hasDelivered(line);
                parser.accept(line);
                guard.check(parser, !replaying[0]);
                progress.update(parser, listener);
                if (!shown.hasDelivered(line)) {
                    listener.onLine(masker.isEmpty() ? line : new OutputLine(line.stream(), line.index(),
                            masker.mask(line.text()), line.continues()));
                    reached[0] = reached[0].after(line);
                    if (++delivered[0] >= maxLines) {
                        throw new EnoughLines();
                    }
                }
            }, maxWait);
            if (ended.isEmpty()) {
                return new FollowStep(reached[0], null);
            }
            result = ended.get();
            replaying[0] = false;
        } catch (EnoughLines e) {
            // The run goes on (a follower that stops leaves it untouched); the next call continues from here.
            return new FollowStep(reached[0], null);
        } catch (AmbientException e) {
            RunResult collected = collectedAlready(ticket);
            if (collected != null) {
                listener.onState(RunState.FINISHED, collected.report().status().toString());
                return new FollowStep(reached[0], collected);
            }
            return new FollowStep(reached[0], write(baseReport(ticket, events, masker).context(restoreOverlay(ticket))
                    .status(RunStatus.ERROR).error(masker.mask(e.getMessage())).finishedAt(Instant.now()), ticket,
                    listener));
        }
        ContextInfo context = restoreOverlay(ticket);
        listener.onState(RunState.COLLECTING, "exit " + result.exitCode());
        AgentOutcome outcome = parser.finish(result);
        StopCause stoppedBy = stopCause(result, outcome, guard.tripped());
        RunStatus status = statusOf(result, outcome, stoppedBy);
        if (stoppedBy == null && status == RunStatus.FAILED && guard.unreachable(parser.connectionFailures(),
                Duration.between(result.startedAt(), result.finishedAt()))) {
            stoppedBy = StopCause.UNREACHABLE; // the CLI gave up itself, before the guard did
        }
        String unreachable = stoppedBy == StopCause.UNREACHABLE ? unreachableLine(ticket, parser.connectionFailures(),
                Duration.between(result.startedAt(), result.finishedAt())) : null;
        RunReport.Builder report = baseReport(ticket, events, masker)
                .status(status)
                .exitCode(result.exitCode())
                .oomKilled(result.oomKilled())
                .outputCut(result.outputCut())
                .startedAt(result.startedAt())
                .finishedAt(result.finishedAt())
                .finalMessage(masker.mask(unreachable != null ? unreachable : outcome.finalMessage()))
                .error(masker.mask(unreachable))
                .turns(outcome.turns())
                .usage(masked(cost.priced(outcome.usage()), masker))
                .sessionId(outcome.sessionId())
                .stopReason(masker.mask(outcome.stopReason()))
                .stoppedBy(stoppedBy)
                .permissionDenials(outcome.permissionDenials().stream().map(masker::mask).toList())
                .context(context);
        List<ChangedFile> changed = List.of();
        if (ticket.snapshot() != null) {
            ChangeSet[] changes = new ChangeSet[1];
            boolean[] patchMasked = new boolean[1];
            Path patchFile = ReportFiles.writeFile(ticket.outDir(), ReportFiles.PATCH_FILE, staged -> {
                changes[0] = WorkspaceChanges.changesSince(ticket.snapshot(), staged);
                patchMasked[0] = masker.maskFile(staged);
            });
            // A file name can hold a secret as well as a line can.
            changed = changes[0].files().stream().map(file -> new ChangedFile(masker.mask(file.path()), file.change(),
                    file.linesAdded(), file.linesRemoved(), file.binary())).toList();
            report.changedFiles(changed).patch(PatchInfo.of(patchFile, PATCH_TEXT_CAP, patchMasked[0]));
        }
        if (status == RunStatus.SUCCEEDED) {
            report.suspectReasons(suspectReasons(outcome, changed).stream().map(masker::mask).toList());
        }
        return new FollowStep(reached[0], write(report, ticket, listener));
    }

    /**
     * Masks the values of the request's secrets, of the agent's credential variables, whichever way they were
     * given, and the credentials of the endpoint's URL.
     */
    public static SecretMasker maskerFor(RunRequest request) {
        Set<String> names = new HashSet<>(request.secrets());
        names.addAll(Agents.named(request.agent()).credentialEnv());
        List<String> values = new ArrayList<>(names.stream().map(request.task().env()::get).filter(Objects::nonNull)
                .toList());
        values.addAll(Endpoint.secrets(request.task().endpoint()));
        return SecretMasker.of(values);
    }

    /**
     * Whether {@code request}'s cost will be known while it runs: its CLI reports cost, or tokens of a model with a
     * price (the request's, or a built-in one).
     */
    public static boolean costKnown(RunRequest request) {
        AgentAdapter agent = Agents.named(request.agent());
        return agent.reportsCost() || agent.reportsUsage()
                && (request.price() != null || Prices.builtIn(request.task().model()) != null);
    }

    /** {@code usage} with the model names the agent gave masked, as every other text it printed. */
    private static Usage masked(Usage usage, SecretMasker masker) {
        return masker.isEmpty() ? usage : usage.withModels(usage.models().stream().map(masker::mask).toList());
    }

    /** Cancels a started run; its {@link #finish} reports it cancelled. */
    public void cancel(RunTicket ticket) {
        executor.cancel(ticket.handle());
    }

    /** What a run stopped as unreachable says: the endpoint, the network and the fix. */
    private static String unreachableLine(RunTicket ticket, int failures, Duration running) {
        String endpoint = ticket.endpoint() == null ? "the agent's default model API" : "model endpoint "
                + ticket.endpoint();
        String network = ticket.network() == null ? "the engine's default network" : "network " + ticket.network();
        return "unreachable: " + endpoint + " could not be reached from " + network + " (" + failures
                + " failed connection attempts in a row, no answer in " + Units.describe(running) + "): check that "
                + "the endpoint is right and that the network reaches it (--endpoint, --network; in Jenkins, the "
                + "endpoint and network parameters)";
    }

    /** The limit that stopped the run: ours (timeout, guard) or the one the CLI stopped itself at. */
    private static StopCause stopCause(ExecResult result, AgentOutcome outcome, StopCause guard) {
        if (guard != null) {
            return guard;
        }
        if (result.timedOut()) {
            return StopCause.TIMEOUT;
        }
        if (outcome.limitReached() == null) {
            return null;
        }
        return outcome.limitReached() == AgentOutcome.Limit.BUDGET ? StopCause.BUDGET : StopCause.MAX_TURNS;
    }

    /** How a run ended, from the process's end, what the agent said and the limit that stopped it. */
    static RunStatus statusOf(ExecResult result, AgentOutcome outcome, StopCause stoppedBy) {
        if (stoppedBy == StopCause.BUDGET) {
            return RunStatus.BUDGET_EXCEEDED;
        }
        if (stoppedBy == StopCause.MAX_TURNS || stoppedBy == StopCause.UNREACHABLE) {
            return RunStatus.FAILED;
        }
        if (result.cancelled()) {
            return RunStatus.CANCELLED;
        }
        if (result.timedOut()) {
            return RunStatus.TIMED_OUT;
        }
        return result.exitCode() == 0 && !result.oomKilled() && !outcome.error()
                ? RunStatus.SUCCEEDED : RunStatus.FAILED;
    }

    /** Why a run that succeeded may not have done its job; empty when nothing looks wrong. */
    static List<String> suspectReasons(AgentOutcome outcome, List<ChangedFile> changed) {
        List<String> reasons = new ArrayList<>();
        if (changed.isEmpty() && (outcome.finalMessage() == null || outcome.finalMessage().isBlank())) {
            reasons.add("the agent succeeded but produced nothing: no change and no final message");
        }
        if (!outcome.permissionDenials().isEmpty()) {
            reasons.add(outcome.permissionDenials().size() + " tool call(s) were denied: "
                    + String.join("; ", outcome.permissionDenials()));
        }
        reasons.addAll(outcome.warnings());
        return reasons;
    }

    private Prepared prepare(RunRequest request, RunListener listener) {
        listener.onState(RunState.PREPARING, null);
        AgentAdapter agent = Agents.named(request.agent());
        Checked checked = checked(request, agent);
        WorkspaceSnapshot snapshot = request.workspace() == null ? null : WorkspaceChanges.snapshot(request.workspace());
        ForkConfigOverlay overlay = request.trustedRef() == null || request.workspace() == null ? null
                : ForkConfigOverlay.against(request.workspace(), request.trustedRef());
        return new Prepared(request, checked.spec(), snapshot, overlay, checked.homeFiles(), Instant.now());
    }

    /** The one path from a request to the spec the executor starts, checked by it: {@link #check} stops here. */
    private Checked checked(RunRequest request, AgentAdapter agent) {
        String runId = request.runId() == null ? RunIds.newId() : RunIds.requireValid(request.runId());
        validate(request, agent);
        ExecLayout layout = executor.layout(runId, request.workspace(), request.agentHome());
        AgentInvocation invocation = agent.invocation(request.task(), layout);
        ExecSpec.Builder builder = ExecSpec.builder(runId, invocation.command());
        if (request.agentHome() == null) {
            invocation.homeFiles().forEach((path, content) -> builder.inputFile(ExecLayout.RUN_HOME + "/" + path, content));
        }
        Map<String, String> contextFiles = request.task().context().files();
        if (!contextFiles.isEmpty()) {
            // Extra files of the context packs, for any agent: outside the workspace, named by AMBIENT_CONTEXT_DIR.
            contextFiles.forEach((path, content) -> builder.inputFile(CONTEXT_DIR + "/" + path, content));
            builder.env("AMBIENT_CONTEXT_DIR", layout.inputDir() + "/" + CONTEXT_DIR);
        }
        ExecSpec spec = builder
                .image(request.image())
                .env(invocation.env())
                .stdin(invocation.stdin())
                .inputFiles(invocation.inputFiles())
                .workspace(request.workspace())
                .workspaceMode(request.workspaceMode())
                .user(request.user())
                .limits(request.limits())
                .network(request.network())
                .timeout(request.timeout())
                .labels(request.labels())
                .agentHome(request.agentHome())
                .build();
        executor.preflight(spec);
        return new Checked(spec, invocation.homeFiles());
    }

    private static void validate(RunRequest request, AgentAdapter agent) {
        String prompt = request.task().prompt();
        if (prompt == null || prompt.isBlank()) {
            throw new InvalidInputException("the prompt is empty: give one (--prompt TEXT or --prompt-file FILE; in "
                    + "Jenkins, the step's prompt)");
        }
        Duration timeout = request.timeout();
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new InvalidInputException("invalid timeout " + timeout + ": give a positive duration such as 30s, 10m or 1h");
        }
        if (request.outDir() == null) {
            throw new InvalidInputException("no report directory: give --out DIR");
        }
        requireWritableDirectory(request.outDir());
        if (request.workspace() != null) {
            WorkspaceChanges.requireWorkTree(request.workspace());
            OutDirs.requireSafe(request.outDir(), request.workspace());
        }
        if (request.task().endpoint() != null) {
            Endpoint.requireValid(request.task().endpoint(), "the endpoint (--endpoint; in Jenkins, endpoint)");
        }
        if ("none".equals(request.network()) && agent.callsModelApi()) {
            throw new InvalidInputException("agent " + agent.name() + " calls its model API, which network none cannot "
                    + "reach: give the run a network that reaches the model (--network host, bridge or a network name; "
                    + "in Jenkins, network) or point it at a reachable endpoint (--endpoint URL; in Jenkins, endpoint)");
        }
        List<String> credentials = agent.credentialEnv();
        if (!credentials.isEmpty() && credentials.stream().noneMatch(name -> !request.task().env()
                .getOrDefault(name, "").isEmpty())) {
            throw new InvalidInputException("agent " + agent.name() + " needs its credential in "
                    + String.join(" or ", credentials) + ": pass it as a secret (--secret " + credentials.get(0)
                    + "; in Jenkins, the step's credentialsId)");
        }
        if (request.task().resumeSession() != null && request.agentHome() == null && agent.keepsSessionsInHome()) {
            throw new InvalidInputException("agent " + agent.name() + " keeps its sessions in its home: to resume "
                    + request.task().resumeSession() + ", give the agent home of the run that started it (--agent-home DIR)");
        }
        Integer maxTurns = request.task().maxTurns();
        if (maxTurns != null && maxTurns < 1) {
            throw new InvalidInputException("invalid max turns " + maxTurns + ": give a positive number");
        }
        Double budget = request.task().budgetUsd();
        if (budget != null && !(budget > 0)) {
            throw new InvalidInputException("invalid budget " + budget + ": give a positive amount in US dollars");
        }
        if (budget != null) {
            requireKnownCost(request, "drop the budget (--budget-usd; in Jenkins, budgetUsd)");
        }
    }

    /**
     * Refuses a request whose cost cannot be known while it runs: its agent reports neither cost nor tokens, or
     * reports tokens of a model without a price.
     *
     * @param dropIt how to drop the setting that needs the cost, for the message
     * @throws InvalidInputException naming the fix
     */
    public static void requireKnownCost(RunRequest request, String dropIt) {
        AgentAdapter agent = Agents.named(request.agent());
        if (!agent.reportsUsage()) {
            throw new InvalidInputException("agent " + agent.name() + " reports neither its cost nor its tokens, so a "
                    + "budget cannot be enforced: " + dropIt + " or use claude-code, codex or gemini");
        }
        String model = request.task().model();
        if (!costKnown(request)) {
            throw new InvalidInputException("agent " + agent.name() + " reports tokens but no cost, and no price is "
                    + "known for " + (model == null ? "its default model" : "model " + model) + ": give the profile "
                    + "a price (price: {input: ..., output: ...}, US dollars per million tokens) or a model with a "
                    + "built-in price (see docs/agents.md), or " + dropIt);
        }
    }

    /** The report directory is created at the start: here it must be creatable, or a directory already. */
    private static void requireWritableDirectory(Path outDir) {
        Path dir = outDir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("report directory " + dir + " is a file: give a directory for the report");
        }
        Path existing = dir;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new InvalidInputException("cannot create report directory " + dir + ": " + existing
                    + " is not a writable directory: choose a writable report directory");
        }
    }

    private RunTicket launch(Prepared prepared, RunListener listener) {
        listener.onState(RunState.STARTING, executor.name());
        Path outDir = reportDirectory(prepared.request());
        RunRequest request = prepared.request();
        if (request.agentHome() != null) {
            AgentHomes.write(request.agentHome(), prepared.homeFiles());
        }
        ForkConfigOverlay overlay = prepared.overlay();
        RunHandle handle;
        if (overlay != null) {
            overlay.apply(request.workspace());
        }
        try {
            handle = executor.start(prepared.spec());
        } catch (RuntimeException e) {
            if (overlay != null) {
                overlay.restore(request.workspace());
            }
            throw e;
        }
        return new RunTicket(prepared.spec().runId(), request.agent(), request.task().model(), request.image(),
                request.task().prompt(), outDir, request.labels(), limitsOf(request),
                contextOf(request, overlay), handle, prepared.snapshot(), overlay, prepared.requestedAt(),
                request.price(), Endpoint.redacted(request.task().endpoint()), request.network());
    }

    /**
     * The request's report directory, made, as its real path: what the report files are written into later, whatever
     * the agent did to the path meanwhile (see {@link FileTrees#writeInto}).
     */
    private static Path reportDirectory(RunRequest request) {
        try {
            return FileTrees.realDirectory(request.outDir());
        } catch (IOException e) {
            throw new InvalidInputException("cannot create report directory " + request.outDir() + ": "
                    + e.getMessage() + ": choose a writable --out");
        }
    }

    private RunResult errorReport(Prepared prepared, AmbientException error, RunListener listener,
                                  SecretMasker masker) {
        RunRequest request = prepared.request();
        RunTicket ticket = new RunTicket(prepared.spec().runId(), request.agent(), request.task().model(),
                request.image(), request.task().prompt(), reportDirectory(request), request.labels(), limitsOf(request),
                contextOf(request, null), null, null, null, prepared.requestedAt(), request.price(),
                Endpoint.redacted(request.task().endpoint()), request.network());
        return write(baseReport(ticket, new BoundedEventLog(), masker).status(RunStatus.ERROR)
                .error(masker.mask(error.getMessage()))
                .startedAt(prepared.requestedAt()).finishedAt(Instant.now()), ticket, listener);
    }

    private static ContextInfo contextOf(RunRequest request, ForkConfigOverlay overlay) {
        AgentContext context = request.task().context();
        List<String> notes = new ArrayList<>();
        if (overlay != null) {
            // The report says a fork's change ran, whether or not it touched agent configuration.
            notes.add("change from a fork: agent configuration files come from " + request.trustedRef());
            notes.addAll(overlay.notes());
        }
        return context.packs().isEmpty() && notes.isEmpty() ? null
                : new ContextInfo(context.packs(), context.hash(), notes);
    }

    /** Puts the fork's own agent configuration back; the report notes files the agent changed, which are kept. */
    private static ContextInfo restoreOverlay(RunTicket ticket) {
        if (ticket.overlay() == null) {
            return ticket.context();
        }
        List<String> kept = ticket.overlay().restore(Path.of(ticket.handle().workspace()));
        if (kept.isEmpty()) {
            return ticket.context();
        }
        List<String> notes = new ArrayList<>(ticket.context().notes());
        notes.addAll(kept);
        return new ContextInfo(ticket.context().packs(), ticket.context().hash(), notes);
    }

    private static RunLimits limitsOf(RunRequest request) {
        return new RunLimits(request.timeout() == null ? null : request.timeout().toSeconds(), request.task().maxTurns(),
                request.task().budgetUsd());
    }

    private RunReport.Builder baseReport(RunTicket ticket, BoundedEventLog events, SecretMasker masker) {
        RunHandle handle = ticket.handle();
        return RunReport.builder()
                .runId(ticket.runId())
                .agent(ticket.agent())
                .model(ticket.model())
                .image(ticket.image())
                .executor(executor.name())
                .workspace(ticket.snapshot() == null ? null : ticket.snapshot().workspace().toString())
                .prompt(masker.mask(ticket.prompt()))
                .startedAt(handle == null ? ticket.requestedAt() : handle.startedAt())
                .limits(ticket.limits())
                .context(ticket.context())
                .events(events.snapshot())
                .labels(ticket.labels());
    }

    /**
     * The report of this run when an earlier follow collected its end already (the executor then no longer knows the
     * run): a poller that lost that answer follows again, and must get the report rather than replace it.
     */
    private static RunResult collectedAlready(RunTicket ticket) {
        Path file = ticket.outDir().resolve(ReportFiles.REPORT_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            RunReport report = ReportFiles.read(file);
            return ticket.runId().equals(report.runId()) ? new RunResult(report, file) : null;
        } catch (AmbientException unreadable) {
            return null;
        }
    }

    private static RunResult write(RunReport.Builder builder, RunTicket ticket, RunListener listener) {
        RunReport report = builder.build();
        Path file = ReportFiles.write(report, ticket.outDir());
        listener.onState(RunState.FINISHED, report.status().toString());
        return new RunResult(report, file);
    }

    private static String shortId(String id) {
        return id.length() > 12 && !id.contains("/") ? id.substring(0, 12) : id;
    }

    /** Tells the listener when the turn count or the cost (reported or estimated) changed. */
    private static final class Progress {
        private final CostMeter meter;
        private int turns;
        private Double cost;

        Progress(CostMeter meter) {
            this.meter = meter;
        }

        void update(OutputParser parser, RunListener listener) {
            int nowTurns = parser.turnsSoFar();
            Double nowCost = meter.priced(parser.usageSoFar()).costUsd();
            if (nowTurns != turns || !Objects.equals(nowCost, cost)) {
                turns = nowTurns;
                cost = nowCost;
                listener.onProgress(turns, cost);
            }
        }
    }

    /** Ends a follow that showed its {@code maxLines}. */
    private static final class EnoughLines extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EnoughLines() {
            super(null, null, false, false);
        }
    }

    private record Checked(ExecSpec spec, Map<String, String> homeFiles) {
    }

    private record Prepared(RunRequest request, ExecSpec spec, WorkspaceSnapshot snapshot, ForkConfigOverlay overlay,
                            Map<String, String> homeFiles, Instant requestedAt) {
    }

}
