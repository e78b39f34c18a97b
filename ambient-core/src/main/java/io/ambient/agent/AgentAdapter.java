package io.ambient.agent;

import io.ambient.exec.ExecLayout;

import java.util.List;

/**
 * Knows one agent CLI: how to start it for a task, and how to read what it prints. One implementation per CLI
 * (the {@code command} agent runs any program); all of them feed the same event model and report.
 */
public interface AgentAdapter {

    /** The agent's name as users type it, e.g. {@code command}, {@code claude-code}. */
    String name();

    /**
     * Environment variables that carry the agent's credential: any one of them must be set, or the run is refused
     * before it starts. Empty for agents that need none.
     */
    default List<String> credentialEnv() {
        return List.of();
    }

    /** Whether the CLI stops at {@link AgentTask#maxTurns()} itself; otherwise the runner counts turns. */
    default boolean enforcesMaxTurns() {
        return false;
    }

    /**
     * Whether the CLI keeps its sessions in its home directory, so resuming one needs the home of the run that
     * created it (a persistent agent home).
     */
    default boolean keepsSessionsInHome() {
        return false;
    }

    /**
     * Whether the CLI calls a hosted model API, so it cannot work without a network; {@code false} for the
     * {@code command} agent, whose program may need none.
     */
    default boolean callsModelApi() {
        return true;
    }

    /** Whether the CLI's output reports its cost itself; otherwise it is estimated from tokens and a price. */
    default boolean reportsCost() {
        return false;
    }

    /** Whether the CLI's output reports tokens or cost; a budget can only be enforced for agents that do. */
    default boolean reportsUsage() {
        return reportsCost();
    }

    /**
     * The command line, environment, stdin and input files for {@code task}, given where the process will see its
     * workspace and input directory. Context (rules, MCP servers) is materialised outside the workspace, in the
     * places the CLI reads for user-level configuration, so it never shows in the patch.
     *
     * @throws io.ambient.InvalidInputException when the task cannot be run by this agent
     */
    AgentInvocation invocation(AgentTask task, ExecLayout layout);

    /** A fresh parser for one run's output. */
    OutputParser newParser(EventSink events);
}
