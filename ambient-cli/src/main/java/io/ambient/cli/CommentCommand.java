package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ambient comment}: writes a run or fan-out report as a comment on a pull or merge request. */
@Command(name = "comment", mixinStandardHelpOptions = true,
        description = {"Writes a run report (report.json) or a fan-out report (fanout.json) as a comment on a GitHub "
                + "pull request or a GitLab merge request: by default the sticky comment of --key, updated in place "
                + "by later calls; with --new, another comment.",
                "The change comes from the variables a Jenkins pull-request build sets (CHANGE_ID, CHANGE_URL, "
                + "CHANGE_FORK) unless given with --github|--gitlab, --repo and --change."})
final class CommentCommand implements Callable<Integer> {

    @Mixin
    ChangeOptions change;

    @Option(names = "--new", description = "Add a new comment instead of updating the sticky one.")
    boolean fresh;

    @Option(names = "--suggest",
            description = "Also post the run's patch as review comments with suggested changes (one per hunk); "
                    + "hunks outside the change's diff go into the review's summary. Run reports only.")
    boolean suggest;

    @Option(names = "--key", paramLabel = "KEY",
            description = "The sticky comment's key (default: $JOB_NAME/$STAGE_NAME/ambient).")
    String key;

    @Option(names = "--fork", negatable = true,
            description = "The change comes from a fork (default: from $CHANGE_FORK). Refused without --allow-fork.")
    Boolean fork;

    @Option(names = "--link", paramLabel = "LABEL=URL",
            description = "A link to show, e.g. --link Report=$BUILD_URL/ambient; repeatable (default: Build=$BUILD_URL).")
    Map<String, String> links = new LinkedHashMap<>();

    @Parameters(paramLabel = "REPORT.json", description = "A run's report.json or a fan-out's fanout.json.")
    Path file;

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = System.getenv();
        Object report = ReportCommand.load(file);
        if (suggest && !(report instanceof RunReport)) {
            throw new InvalidInputException("--suggest needs a run's report.json: each run of a fan-out has its own "
                    + "patch");
        }
        Path patch = report instanceof RunReport run ? ReportFiles.patchFile(run, file) : null;
        PrComment comment = PrComment.prepare(fresh ? "new" : "sticky", key, suggest, change, fork, env, "ambient");
        boolean written = comment.write(ReportCommand.markdown(report, links.isEmpty() ? PrComment.buildLinks(env)
                : links), patch, message -> System.err.println("ambient: " + message));
        return written ? 0 : AmbientCommand.EXIT_FAILED;
    }
}
