package io.ambient.run;

import io.ambient.exec.OutputLine;
import io.ambient.exec.ProcessExecutor;
import io.ambient.report.ReportFiles;
import io.ambient.testing.GitRepos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A secret the agent prints or writes never reaches what a user sees: live lines, report, patch. */
class AgentRunnerSecretsTest {
    private static final String SECRET = "s3cr3t-token-value";
    @TempDir
    Path tmp;
    Path repo;
    ProcessExecutor executor;

    @BeforeEach
    void setUp() throws Exception {
        repo = GitRepos.sample(tmp.resolve("repo"));
        executor = new ProcessExecutor(tmp.resolve("state"));
    }

    @AfterEach
    void tearDown() {
        executor.close();
    }

    @Test
    void aSecretAndItsBase64AreMaskedInLinesReportAndPatch() throws Exception {
        List<String> shown = new ArrayList<>();
        String base64 = Base64.getEncoder().encodeToString(SECRET.getBytes());
        RunResult result = new AgentRunner(executor).run(RunRequest.builder().agent("command")
                .prompt("Leak $TOKEN").secret("TOKEN", SECRET).workspace(repo).outDir(tmp.resolve("out"))
                .args(List.of("sh", "-c", "echo \"token is $TOKEN\"; echo " + base64 + "; echo \"$TOKEN\" > leaked.txt"))
                .build(), new RunListener() {
                    @Override
                    public void onLine(OutputLine line) {
                        shown.add(line.text());
                    }
                });

        assertThat(shown).containsExactly("token is ****", "****");
        assertThat(Files.readString(result.reportFile())).doesNotContain(SECRET).doesNotContain(base64)
                .contains("token is ****");
        assertThat(tmp.resolve("out").resolve(ReportFiles.PATCH_FILE)).content().doesNotContain(SECRET)
                .contains("+****");
        assertThat(result.report().finalMessage()).isEqualTo("token is ****\n****");
    }

    @Test
    void anAgentsCredentialIsMaskedEvenWhenPassedAsPlainEnvironment() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path claude = Files.writeString(bin.resolve("claude"), "#!/bin/sh\necho \"key=$ANTHROPIC_API_KEY\"\n");
        claude.toFile().setExecutable(true);

        RunResult result = new AgentRunner(executor).run(RunRequest.builder().agent("claude-code").prompt("Hi")
                .env("ANTHROPIC_API_KEY", SECRET).env("PATH", bin + ":" + System.getenv("PATH"))
                .workspace(repo).outDir(tmp.resolve("out")).build(), RunListener.none());

        assertThat(Files.readString(result.reportFile())).doesNotContain(SECRET).contains("key=****");
    }
}
