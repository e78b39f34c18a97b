package io.ambient.exec;

/**
 * Where things are as the agent process sees them.
 *
 * @param workspaceDir the workspace (working directory of the process)
 * @param inputDir     the directory holding {@link ExecSpec#inputFiles()}, outside the workspace so they never show in a patch
 * @param homeDir      the agent's home directory: {@link ExecSpec#agentHome()} when the run has a persistent one, else a
 *                     fresh per-run directory that starts with the input directory's {@link #RUN_HOME} files (inside
 *                     the input directory, or, for Docker, a bounded tmpfs they are copied into)
 * @param contained    whether the run has a container of its own, which then is its sandbox: agents may act there
 *                     without asking (a local process keeps each agent's careful defaults)
 */
public record ExecLayout(String workspaceDir, String inputDir, String homeDir, boolean contained) {
    /** Name of the per-run home inside the input directory. */
    public static final String RUN_HOME = "home";

    /** A layout of a process that is not contained, with a per-run home in the input directory. */
    public ExecLayout(String workspaceDir, String inputDir) {
        this(workspaceDir, inputDir, inputDir + "/" + RUN_HOME, false);
    }
}
