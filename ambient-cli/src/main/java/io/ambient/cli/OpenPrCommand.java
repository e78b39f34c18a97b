package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.report.render.MarkdownRenderer;
import io.ambient.scm.AgentBranch;
import io.ambient.scm.AgentBranchRemote;
import io.ambient.scm.AgentBranchRequest;
import io.ambient.scm.AgentBranchResult;
import io.ambient.scm.AgentPullRequest;
import io.ambient.scm.ChangeRef;
import io.ambient.scm.CommentClient;
import io.ambient.scm.HostKind;
import io.ambient.scm.PullRequestClient;
import io.ambient.scm.PullRequestSpec;
import io.ambient.scm.RepoRef;
import io.ambient.scm.ScmClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ambient open-pr}: pushes a run's changes as a branch and opens (or updates) its pull request. */
@Command(name = "open-pr", mixinStandardHelpOptions = true,
        description = {"Commits the changed files of a run (report.json) on top of the workspace's HEAD as a new "
                + "branch, pushes it with the token, and opens a GitHub pull request or GitLab merge request for it, "
                + "titled and described from the report. An open one for the same branch is updated instead.",
                "The user's checkout is not touched: no index, branch or config change."})
final class OpenPrCommand implements Callable<Integer> {
    private static final Pattern PERSON = Pattern.compile("^\\s*([^<>]+?)\\s*<([^<>\\s]+)>\\s*$");

    @Mixin
    ChangeOptions change;

    @Option(names = "--workspace", defaultValue = ".", paramLabel = "DIR",
            description = "The git work tree the agent ran in (default: the current directory).")
    Path workspace;

    @Option(names = "--branch", paramLabel = "NAME", description = "Branch to push (default: ambient/RUN_ID).")
    String branch;

    @Option(names = "--base", paramLabel = "BRANCH",
            description = "Branch the pull request goes into (default: $CHANGE_TARGET, else $BRANCH_NAME, else "
                    + "$GIT_BRANCH without its remote).")
    String base;

    @Option(names = "--remote", paramLabel = "URL",
            description = "Where to push (default: $GIT_URL, else the workspace's origin). No credentials in it: the "
                    + "token is passed separately.")
    String remote;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title (default: from the run's prompt).")
    String title;

    @Option(names = "--author", defaultValue = "ambient <ambient@noreply.invalid>", paramLabel = "NAME <EMAIL>",
            description = "Author and committer of the commit (default: ${DEFAULT-VALUE}).")
    String author;

    @Option(names = "--force",
            description = "Move the branch even when the new commit does not contain its current tip.")
    boolean force;

    @Parameters(paramLabel = "REPORT.json", description = "The run's report.json.")
    Path file;

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = System.getenv();
        if (!(ReportCommand.load(file) instanceof RunReport report)) {
            throw new InvalidInputException(file + " is a fan-out report: open a pull request from one run's "
                    + "report.json (a fan-out merges its picked runs into its workspace)");
        }
        if (report.status() != RunStatus.SUCCEEDED) {
            throw new InvalidInputException("the run did not succeed (" + report.status().name().toLowerCase(Locale.ROOT)
                    + "): a pull request is opened only from a succeeded run");
        }
        if (ChangeRef.fromEnvironment(env).map(ChangeRef::fork).orElse(false) && !change.allowFork) {
            throw new InvalidInputException("the change comes from a fork: the token would push what the fork's code "
                    + "produced; refused without --allow-fork");
        }
        if (report.changedFiles() == null || report.changedFiles().isEmpty()) {
            System.err.println("ambient: the agent changed nothing: no pull request");
            return 0;
        }
        Path top = workspace.toAbsolutePath().normalize();
        String remoteUrl = remote != null ? remote : env.containsKey("GIT_URL") ? env.get("GIT_URL") : originOf(top);
        RepoRef repository = change.repository(env, remoteUrl);
        String token = change.token(repository.host(), env);
        String head = AgentBranch.requireValidBranch(branch != null ? branch : "ambient/" + report.runId());
        String target = baseBranch(env);
        String prTitle = title != null ? title : AgentPullRequest.title(report);
        PullRequestSpec spec = new PullRequestSpec(head, target, prTitle,
                MarkdownRenderer.run(report, PrComment.buildLinks(env)));
        AgentBranchRequest.Identity identity = identity(author);

        AgentBranchResult pushed = AgentBranch.push(new AgentBranchRequest(top, report.changedFiles(), head,
                prTitle + "\n\nAmbient run " + report.runId() + ".", identity).withForce(force),
                AgentBranchRemote.withToken(repository.host(), remoteUrl, token));
        System.err.println("ambient: pushed " + pushed.files() + " file(s) to " + head + " ("
                + pushed.update().name().toLowerCase(Locale.ROOT).replace('_', '-') + ", " + pushed.commitId().substring(0, 12)
                + ")");
        try (ScmClient client = change.client(repository.host(), env)) {
            PullRequestClient.Result result = client.pullRequests().openOrUpdate(repository, spec);
            System.out.println(result.webUrl());
            System.err.println("ambient: " + (result.action() == CommentClient.Action.CREATED ? "opened " : "updated ")
                    + repository.project() + (repository.host() == HostKind.GITHUB ? "#" : "!")
                    + result.number());
        }
        return 0;
    }

    private String baseBranch(Map<String, String> env) {
        String target = base != null ? base : AgentPullRequest.baseBranch(env);
        if (target == null) {
            throw new InvalidInputException("no base branch: give --base (or run in Jenkins, which sets BRANCH_NAME)");
        }
        return target;
    }

    private static AgentBranchRequest.Identity identity(String person) {
        Matcher matcher = PERSON.matcher(person);
        if (!matcher.matches()) {
            throw new InvalidInputException("invalid --author '" + person + "': give NAME <EMAIL>");
        }
        return new AgentBranchRequest.Identity(matcher.group(1), matcher.group(2));
    }

    private static String originOf(Path top) throws IOException {
        String url = AgentPullRequest.originUrl(top);
        if (url == null) {
            throw new InvalidInputException(top + " has no remote 'origin': give --remote URL");
        }
        return url;
    }
}
