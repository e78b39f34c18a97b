package io.ambient.exec;

/**
 * Where things are as the agent process sees them.
 *
 * @param workspaceDir the workspace (working directory of the process)
 * @param inputDir     the directory holding {@link ExecSpec#inputFiles()}, outside the workspace so they never show in a patch
 * @param homeDir      the agent's home directory: {@link ExecSpec#agentHome()} when the run has a persistent one, else a
 *                     fresh per-run directory that starts with the input directory's {@link #RUN_HOME} files (inside
 *                     the input directory, or, for Docker, a bounded tmpfs they are copied into)
 */
public record ExecLayout(String workspaceDir, String inputDir, String homeDir) {
    /** Name of the per-run home inside the input directory. */
    public static final String RUN_HOME = "home";

    /** A layout with a per-run home in the input directory. */
    public ExecLayout(String workspaceDir, String inputDir) {
        this(workspaceDir, inputDir, inputDir + "/" + RUN_HOME);
    }
}
