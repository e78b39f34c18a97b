package io.ambient.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ambient.AmbientException;
import io.ambient.FileTrees;
import io.ambient.InvalidInputException;
import io.ambient.Json;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.report.render.HtmlRenderer;
import io.ambient.report.render.MarkdownRenderer;
import io.ambient.report.render.ReportStyles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ambient report}: renders a run report or a fan-out report as an HTML page or as Markdown. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Renders a run report (report.json) or a fan-out report (fanout.json) as a standalone HTML page "
                + "or as Markdown for a pull-request comment.",
                "HTML goes to report.html (fanout.html for a fan-out, plus report.html beside each run's report) "
                + "beside the JSON, with the stylesheet ambient-report.css beside it; Markdown goes to standard output."})
final class ReportCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Format format;

    static final class Format {
        @Option(names = "--html", required = true, description = "Write a standalone HTML page.")
        boolean html;

        @Option(names = "--markdown", required = true, description = "Print Markdown (under GitHub's 65,536-character comment limit).")
        boolean markdown;
    }

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the output (default: HTML beside the JSON, Markdown to standard output).")
    Path out;

    @Option(names = "--link", paramLabel = "LABEL=URL",
            description = "A link to show, e.g. --link Build=$BUILD_URL; repeatable. http(s) or relative URLs only.")
    Map<String, String> links = new LinkedHashMap<>();

    @Parameters(paramLabel = "REPORT.json", description = "A run's report.json or a fan-out's fanout.json.")
    Path file;

    @Override
    public Integer call() throws IOException {
        Object report = load(file);
        if (format.markdown) {
            String markdown = markdown(report, links);
            if (out == null) {
                PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
                stdout.print(markdown);
                stdout.flush();
            } else {
                write(out, markdown);
                System.err.println("ambient: wrote " + out);
            }
            return 0;
        }
        Path jsonDir = file.toAbsolutePath().getParent();
        if (report instanceof FanOutReport fanOut) {
            Path target = out != null ? out.toAbsolutePath() : jsonDir.resolve("fanout.html");
            // Each run gets its page beside its report.json; the fan-out page links them relative to itself.
            Map<FanOutRun, String> hrefs = new LinkedHashMap<>();
            for (FanOutRun run : fanOut.runs()) {
                if (run.report() == null || run.reportFile() == null) {
                    continue;
                }
                Path runJson = jsonDir.resolve(run.reportFile()).normalize();
                if (!Files.isDirectory(runJson.getParent())) {
                    continue;
                }
                Path runPage = runJson.resolveSibling("report.html");
                writeRunPage(run.report(), runJson, runPage);
                hrefs.put(run, relative(target.getParent(), runPage));
            }
            ReportStyles.writeTo(realDirectory(target.getParent()));
            write(target, HtmlRenderer.fanOutPage(fanOut, hrefs::get, links, ReportStyles.FILE_NAME));
            System.err.println("ambient: wrote " + target);
        } else {
            Path target = out != null ? out.toAbsolutePath() : jsonDir.resolve("report.html");
            writeRunPage((RunReport) report, file.toAbsolutePath(), target);
            System.err.println("ambient: wrote " + target);
        }
        return 0;
    }

    private void writeRunPage(RunReport report, Path json, Path page) {
        Path dir = page.getParent();
        Path patch = ReportFiles.patchFile(report, json);
        String patchHref = patch == null ? null : relative(dir, patch);
        HtmlRenderer.Options options = new HtmlRenderer.Options(relative(dir, json), patchHref,
                ReportStyles.FILE_NAME, links);
        ReportStyles.writeTo(realDirectory(dir));
        write(page, HtmlRenderer.runPage(report, options));
    }

    /** {@code target} relative to {@code dir}, with {@code /} separators, as a link. */
    private static String relative(Path dir, Path target) {
        return dir.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
    }

    /** Writes a page without following a link left at its name: the report directory may have been the agent's. */
    private static void write(Path target, String text) {
        ReportFiles.writeFile(realDirectory(target.toAbsolutePath().getParent()), target.getFileName().toString(),
                file -> Files.writeString(file, text, StandardCharsets.UTF_8));
    }

    private static Path realDirectory(Path dir) {
        try {
            return FileTrees.realDirectory(dir);
        } catch (IOException e) {
            throw new AmbientException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + " is a directory: give its report.json or fanout.json");
        }
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidInputException("no such file " + file + ": give a report.json or fanout.json");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + " is not JSON: give a report.json or fanout.json");
        }
    }

    /**
     * A {@link RunReport} or a {@link FanOutReport}, read from {@code file}.
     *
     * @throws InvalidInputException when {@code file} is missing or neither
     */
    static Object load(Path file) throws IOException {
        return parse(read(file), file);
    }

    /** The Markdown of a report {@link #load} returned, for a pull-request comment. */
    static String markdown(Object report, Map<String, String> links) {
        return report instanceof FanOutReport fanOut ? MarkdownRenderer.fanOut(fanOut, links)
                : MarkdownRenderer.run((RunReport) report, links);
    }

    /** A fan-out report has {@code fanOutId}; a run report has {@code runId} and {@code status}. */
    private static Object parse(JsonNode json, Path file) {
        try {
            if (json != null && json.isObject() && json.hasNonNull("fanOutId") && json.has("runs")) {
                return Json.MAPPER.treeToValue(json, FanOutReport.class);
            }
            if (json != null && json.isObject() && json.hasNonNull("runId") && json.hasNonNull("status")
                    && json.hasNonNull("startedAt")) {
                return Json.MAPPER.treeToValue(json, RunReport.class);
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + " is not a valid ambient report: "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
        } catch (RuntimeException e) {
            // A record's constructor refusing a value (e.g. a missing list) surfaces as a runtime exception.
            throw new InvalidInputException(file + " is not a valid ambient report: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        throw new InvalidInputException(file + " is neither a run report (report.json) nor a fan-out report (fanout.json)");
    }
}
