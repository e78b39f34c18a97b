package io.ambient.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ambient.testing.SecretEncodings;
import io.ambient.testing.SecretEncodings.Encoding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Profiles, context packs, templates, secrets and {@code ambient parse}, through the real jar and Docker engine. */
class AgentsAndContextCliIT {
    @TempDir
    Path tmp;
    private Path repo;
    private Path out;
    private Path packs;

    @BeforeEach
    void setUp() throws Exception {
        repo = Cli.gitRepo(tmp.resolve("repo"));
        out = tmp.resolve("report");
        packs = Files.createDirectories(tmp.resolve("packs"));
        Path team = Files.createDirectories(packs.resolve("team/templates"));
        Files.writeString(packs.resolve("team/rules.md"), "Keep changes small.\n");
        Files.writeString(team.resolve("tidy.md"), "Tidy ${SHARD_PATHS} for ${WHO}");
    }

    @Test
    void aTemplateFromAContextPackBecomesThePromptAndTheRulesReachTheAgentOutsideTheWorkspace() throws Exception {
        Cli.Result result = run(Map.of("SHARD_PATHS", "docs/"), "--packs", packs.toString(), "--context", "team",
                "--template", "tidy", "--var", "WHO=the team",
                "--", "sh", "-c", "echo \"prompt: $AMBIENT_PROMPT\"; cat \"$AMBIENT_RULES_FILE\"");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("prompt: Tidy docs/ for the team").contains("Keep changes small.");
        JsonNode report = report();
        assertThat(report.at("/context/packs/0").asText()).isEqualTo("team");
        assertThat(report.at("/context/hash").asText()).startsWith("sha256:");
        assertThat(report.get("changedFiles")).isEmpty();
    }

    @Test
    void aTemplateVariableWithoutValueIsBadInputThatNamesIt() throws Exception {
        Cli.Result result = run(Map.of(), "--packs", packs.toString(), "--context", "team", "--template", "tidy",
                "--", "true");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("template tidy needs SHARD_PATHS, WHO");
    }

    @Test
    void aSecretIsMaskedInTheLiveOutputAndTheReport() throws Exception {
        Cli.Result result = run(Map.of("DEPLOY_TOKEN", "tok-123456789"), "--secret", "DEPLOY_TOKEN",
                "--prompt", "Deploy", "--", "sh", "-c", "echo \"using $DEPLOY_TOKEN\"");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("using ****").doesNotContain("tok-123456789");
        assertThat(Files.readString(out.resolve("report.json"))).doesNotContain("tok-123456789");
    }

    @Test
    void noEncodingOfASecretReachesTheConsole() throws Exception {
        List<String> args = new ArrayList<>(List.of("--secret", "DEPLOY_TOKEN", "--prompt", "Leak", "--", "sh", "-c",
                "for t in \"$@\"; do printf 'out %s\\n' \"$t\"; printf 'err %s\\n' \"$t\" >&2; done", "sh"));
        SecretEncodings.all().forEach(encoding -> args.add(encoding.text()));

        Cli.Result result = run(Map.of("DEPLOY_TOKEN", SecretEncodings.SECRET), args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("out ****");
        for (Encoding encoding : SecretEncodings.all()) {
            SecretEncodings.assertNoTrace(result.stdout(), encoding, "stdout");
            SecretEncodings.assertNoTrace(result.stderr(), encoding, "stderr");
        }
    }

    @Test
    void aProfileFromTheProfilesFileSetsTheAgentAndItsLimits() throws Exception {
        Path profiles = Files.writeString(tmp.resolve("profiles.yaml"), """
                profiles:
                  tidy-bot:
                    agent: command
                    image: %s
                    args: [sh, -c, 'echo "turns limit honoured"']
                    timeout: 5m
                    network: none
                """.formatted(Cli.IMAGE));

        Cli.Result result = Cli.run(tmp.resolve("logs"), Map.of(), List.of("run", "--profiles", profiles.toString(),
                "--agent", "tidy-bot", "--prompt", "Tidy", "--workspace", repo.toString(), "--out", out.toString(),
                "--state-dir", tmp.resolve("state").toString()));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("[tidy-bot] turns limit honoured");
        assertThat(report().at("/limits/timeoutSeconds").asLong()).isEqualTo(300);
        assertThat(report().get("image").asText()).isEqualTo(Cli.IMAGE);
    }

    @Test
    void aMissingCredentialIsBadInputBeforeAnythingStarts() throws Exception {
        Cli.Result result = Cli.run(tmp.resolve("logs"), Map.of(), List.of("run", "--agent", "claude-code",
                "--image", Cli.IMAGE, "--prompt", "Fix it", "--workspace", repo.toString(), "--out", out.toString(),
                "--state-dir", tmp.resolve("state").toString()));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("ANTHROPIC_API_KEY");
        assertThat(out).doesNotExist();
    }

    @Test
    void parsePrintsTheOutcomeOfARecordedStream() throws Exception {
        Path stream = Files.writeString(tmp.resolve("stream.jsonl"), """
                {"type":"thread.started","thread_id":"t-1"}
                not json at all
                {"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"All done"}}
                {"type":"turn.completed","usage":{"input_tokens":100,"cached_input_tokens":0,"output_tokens":7}}
                """);

        Cli.Result result = Cli.run(tmp.resolve("logs"), Map.of(), List.of("parse", "--agent", "codex",
                stream.toString()));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode parsed = new ObjectMapper().readTree(result.stdout());
        assertThat(parsed.at("/outcome/finalMessage").asText()).isEqualTo("All done");
        assertThat(parsed.at("/outcome/sessionId").asText()).isEqualTo("t-1");
        assertThat(parsed.at("/outcome/usage/outputTokens").asLong()).isEqualTo(7);
        assertThat(parsed.at("/events/items")).anySatisfy(event -> assertThat(event.get("type").asText()).isEqualTo("raw"));
    }

    private Cli.Result run(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("run", "--image", Cli.IMAGE, "--network", "none",
                "--workspace", repo.toString(), "--out", out.toString(), "--state-dir", tmp.resolve("state").toString()));
        if (!List.of(args).contains("--prompt") && !List.of(args).contains("--template")) {
            all.addAll(List.of("--prompt", "Tidy"));
        }
        all.addAll(List.of(args));
        return Cli.run(tmp.resolve("logs"), env, all);
    }

    private JsonNode report() throws Exception {
        return new ObjectMapper().readTree(out.resolve("report.json").toFile());
    }
}
