package io.ambient.scm;

import io.ambient.InvalidInputException;
import io.ambient.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.ambient.scm.RealPatches.lines;
import static io.ambient.scm.RealPatches.replaceLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PatchSuggestions} on patches written by {@link io.ambient.workspace.WorkspaceChanges} in real work trees. */
class PatchSuggestionsTest {
    @TempDir
    Path tmp;

    @Test
    void aReplacementHunkReplacesTheOldLinesWithoutItsContext() throws Exception {
        ReviewFixture fixture = ReviewFixture.make(tmp);
        PatchSuggestions.Suggestion first = PatchSuggestions.parse(fixture.agentPatch()).suggestions().get(0);
        assertThat(first.path()).isEqualTo(ReviewFixture.APP);
        assertThat(first.startLine()).isEqualTo(10);
        assertThat(first.endLine()).isEqualTo(11);
        assertThat(first.replacement()).containsExactly("new ten", "new ten b", "new eleven");
        assertThat(first.hunk()).startsWith("@@ -7,8 +7,9 @@").contains("-line 10 changed by PR\n-line 11\n");
    }

    @Test
    void anInsertionRepeatsTheLineBeforeIt() throws Exception {
        ReviewFixture fixture = ReviewFixture.make(tmp);
        PatchSuggestions.Suggestion insertion = PatchSuggestions.parse(fixture.agentPatch()).suggestions().get(1);
        assertThat(List.of(insertion.startLine(), insertion.endLine())).containsExactly(28, 28);
        assertThat(insertion.replacement()).containsExactly("line 28", "inserted");
    }

    @Test
    void anInsertionAtTheStartOfAFileRepeatsTheLineAfterIt() throws Exception {
        String patch = RealPatches.diff(tmp.resolve("w"), Map.of("a.txt", lines(5)),
                Map.of("a.txt", "header\n" + lines(5)));
        PatchSuggestions.Suggestion s = PatchSuggestions.parse(patch).suggestions().get(0);
        assertThat(List.of(s.startLine(), s.endLine())).containsExactly(1, 1);
        assertThat(s.replacement()).containsExactly("header", "line 1");
    }

    @Test
    void aDeletionSuggestsNothingInPlaceOfTheLines() throws Exception {
        String patch = RealPatches.diff(tmp.resolve("w"), Map.of("a.txt", lines(9)),
                Map.of("a.txt", lines(9).replace("line 4\nline 5\n", "")));
        PatchSuggestions.Suggestion s = PatchSuggestions.parse(patch).suggestions().get(0);
        assertThat(List.of(s.startLine(), s.endLine())).containsExactly(4, 5);
        assertThat(s.replacement()).isEmpty();
    }

    @Test
    void addedDeletedAndBinaryFilesAreListedNotSuggested() throws Exception {
        PatchSuggestions.Parsed parsed = PatchSuggestions.parse(ReviewFixture.make(tmp).agentPatch());
        assertThat(parsed.suggestions()).extracting(PatchSuggestions.Suggestion::path).containsOnly(ReviewFixture.APP);
        assertThat(parsed.skipped()).containsExactlyInAnyOrder(
                new PatchSuggestions.Skipped("docs/new.md", "added"),
                new PatchSuggestions.Skipped("old.txt", "deleted"),
                new PatchSuggestions.Skipped("logo.png", "binary"));
    }

    @Test
    void textThatIsNotAPatchIsRefused() {
        assertThatThrownBy(() -> PatchSuggestions.parse("just some words\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pass the run's " + ReportFiles.PATCH_FILE);
        assertThat(PatchSuggestions.parse("").isEmpty()).isTrue();
    }

    @Test
    void aMultiLineEditKeepsTheLinesBetweenItsChanges() throws Exception {
        String before = lines(12);
        String after = replaceLine(replaceLine(before, 8, "eight"), 6, "six");
        PatchSuggestions.Suggestion s = PatchSuggestions.parse(
                RealPatches.diff(tmp.resolve("w"), Map.of("a.txt", before), Map.of("a.txt", after)))
                .suggestions().get(0);
        assertThat(List.of(s.startLine(), s.endLine())).containsExactly(6, 8);
        assertThat(s.replacement()).containsExactly("six", "line 7", "eight");
    }

    @Test
    void aBlankContextLineWhoseSpaceAnEditorStrippedStillCountsAsALine() throws Exception {
        String before = "one\n\nthree\nfour\nfive\n";
        String patch = RealPatches.diff(tmp.resolve("w"), Map.of("a.txt", before),
                Map.of("a.txt", before.replace("three", "THREE")));
        // Editors that trim trailing whitespace turn the blank context line " " into "": git and JGit accept it.
        String trimmed = patch.replace("\n \n", "\n\n");
        assertThat(trimmed).isNotEqualTo(patch);

        PatchSuggestions.Suggestion s = PatchSuggestions.parse(trimmed).suggestions().get(0);

        assertThat(List.of(s.startLine(), s.endLine())).containsExactly(3, 3);
        assertThat(s.replacement()).containsExactly("THREE");
    }
}
