package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.scm.AgentBranch;
import io.ambient.scm.AgentBranchRemote;
import io.ambient.scm.AgentBranchRequest;
import io.ambient.scm.AgentBranchResult;
import io.ambient.scm.HostKind;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Commits a finished run's changed files on top of the workspace's {@code HEAD} and pushes them as a branch, on the
 * node (ambient-core's {@link AgentBranch}: the checkout itself is not touched). The token travels in this call only;
 * it is never persisted or shown.
 *
 * @param workspace the git work tree the agent ran in
 * @param reportDir the run's report directory, whose {@code report.json} lists the changed files
 * @param force     whether the branch may be replaced by a commit that does not contain its tip
 */
record PushAgentBranch(String workspace, String reportDir, String branch, String message, String remoteUrl,
                       HostKind host, String token, boolean force)
        implements ControllerToAgentCallable<String, IOException> {
    private static final long serialVersionUID = 1L;
    private static final AgentBranchRequest.Identity AUTHOR =
            new AgentBranchRequest.Identity("ambient", "ambient@noreply.invalid");

    /** @return what was pushed, for the build log */
    @Override
    public String call() throws IOException {
        try {
            RunReport report = ReportFiles.read(Path.of(reportDir, ReportFiles.REPORT_FILE));
            AgentBranchResult pushed = AgentBranch.push(new AgentBranchRequest(Path.of(workspace),
                    report.changedFiles(), branch, message, AUTHOR).withForce(force),
                    AgentBranchRemote.withToken(host, remoteUrl, token));
            return "pushed " + pushed.files() + " file(s) to " + pushed.branch() + " ("
                    + pushed.update().name().toLowerCase(Locale.ROOT).replace('_', '-') + ", "
                    + pushed.commitId().substring(0, 12) + ")";
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }

    /** Not the token. */
    @Override
    public String toString() {
        return "PushAgentBranch[branch=" + branch + ", remote=" + remoteUrl + "]";
    }
}
