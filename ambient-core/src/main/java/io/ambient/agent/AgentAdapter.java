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

    /** Environment variables that must be set (credentials); checked before anything starts. */
    default List<String> requiredEnv() {
        return List.of();
    }

    /**
     * The command line, environment, stdin and input files for {@code task}, given where the process will see its
     * workspace and input directory.
     *
     * @throws io.ambient.InvalidInputException when the task cannot be run by this agent
     */
    AgentInvocation invocation(AgentTask task, ExecLayout layout);

    /** A fresh parser for one run's output. */
    OutputParser newParser(EventSink events);
}
