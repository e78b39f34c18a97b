package io.ambient.exec;

/**
 * Where things are as the agent process sees them.
 *
 * @param workspaceDir the workspace (working directory of the process)
 * @param inputDir     the directory holding {@link ExecSpec#inputFiles()}, outside the workspace so they never show in a patch
 */
public record ExecLayout(String workspaceDir, String inputDir) {
}
