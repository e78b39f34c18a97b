package io.ambient.report.render;

import io.ambient.report.PatchInfo;
import io.ambient.report.RunReport;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownRendererTest {
    @Test
    void zeroTurnsAreShownAsZero() {
        assertThat(MarkdownRenderer.run(Reports.base().turns(0).build(), Map.of())).contains("**Turns** 0");
    }

    @Test
    void theSummaryShowsTheKeyNumbersAndTheDetailsCollapse() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("Build", "https://ci.example/job/x/42/");
        links.put("Report", "https://ci.example/job/x/42/artifact/report.html");

        String md = MarkdownRenderer.run(Reports.base().build(), links);

        assertThat(md).startsWith("### ✅ Ambient run succeeded")
                .contains("**Agent** claude\\-code", "**Model** claude\\-sonnet\\-4", "1 min 23 s", "$0\\.1234",
                        "**Turns** 7", "2 changed (\\+1 \\-2)")
                .contains("<details><summary>Final message</summary>", "Fixed the typo and removed old.txt.")
                .contains("<details><summary>Changed files (2)</summary>", "- README\\.md · modified")
                .contains("```diff\ndiff --git a/README.md b/README.md\n", "+The sample")
                .contains("[Build](https://ci.example/job/x/42/) · [Report](https://ci.example/job/x/42/artifact/report.html)")
                .doesNotContain("truncated");
    }

    @Test
    void aHugePatchIsTruncatedUnderTheCommentLimitAndSaysSo() {
        StringBuilder patch = new StringBuilder("diff --git a/big.txt b/big.txt\n@@ -0,0 +1,100000 @@\n");
        for (int i = 0; i < 100_000; i++) {
            patch.append("+line ").append(i).append('\n');
        }
        RunReport report = Reports.base().finalMessage("m".repeat(200_000))
                .patch(new PatchInfo("changes.patch", patch.length(), false, patch.toString())).build();

        String md = MarkdownRenderer.run(report, Map.of("Build", "https://ci.example/1"));

        assertThat(md.length()).isLessThan(MarkdownRenderer.LIMIT).isLessThanOrEqualTo(MarkdownRenderer.MAX_CHARS);
        assertThat(md).contains("*Patch truncated:").contains("*Message truncated:")
                .contains("```diff\ndiff --git a/big.txt b/big.txt").contains("[Build](https://ci.example/1)");
        // Cut at a line boundary, and the code block is closed before the note.
        assertThat(md).containsPattern("\\+line \\d+\n```\n\n\\*Patch truncated");
    }

    @Test
    void userTextCannotBreakOutOfTheMarkdown() {
        RunReport report = Reports.base().agent("a|b`c <script>\"x\"</script>").finalMessage("```\n</details>\n@all")
                .build();

        String md = MarkdownRenderer.run(report, Map.of("x", "javascript:alert(1)"));

        assertThat(md).contains("a\\|b\\`c \\<script\\>\"x\"\\</script\\>")
                .contains("````text\n```\n</details>\n@all\n````")
                .doesNotContain("](javascript:");
    }

    @Test
    void theFanOutTableMarksTheMergedRunAndEscapesCells() {
        String md = MarkdownRenderer.fanOut(Reports.fanOut(), Map.of());

        assertThat(md).contains("| Run | Status | Verify | Files | +/- | Turns | Tokens | Cost | Time | Merge |")
                .contains("| **sonnet** | succeeded |", "✅ **merged (picked)**")
                .contains("| gpt\\|5\\`\\<b\\> | succeeded |", "not picked")
                .contains("| late | not\\_started |", "$0\\.6234");
        assertThat(md.lines().filter(line -> line.contains("picked)")).count()).isEqualTo(1);
        // Every table row has the same number of unescaped pipes.
        assertThat(md.lines().filter(line -> line.startsWith("|")))
                .allSatisfy(line -> assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count())
                        .isEqualTo(11));
    }
}
