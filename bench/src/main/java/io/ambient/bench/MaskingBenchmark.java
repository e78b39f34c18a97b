package io.ambient.bench;

import io.ambient.report.SecretMasker;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Masking throughput: what a run pays to mask its patch ({@link SecretMasker#maskFile}) for one Anthropic-shaped
 * secret, on a generated patch of {@code --mb} megabytes of code-like added lines with the secret on one line in a
 * thousand, plain or base64-wrapped.
 * <p>
 * Usage: {@code java -cp bench/target/ambient-bench.jar io.ambient.bench.MaskingBenchmark [--mb 50] [--rounds 5]}
 */
public final class MaskingBenchmark {
    private static final String SECRET = "sk-ant-api03-Zq7\"Kx9\\Wm/2 p\u00e9+Q-Rb8mT4vLw1NcY6hJ0aUe3sXo5DkF9gPi2Hn7yBt";
    private static final String[] WORDS = {"public", "static", "final", "return", "String", "List<String>", "new",
        "if", "(x)", "{", "}", "=", "value", "name", "//", "the", "run", "a/b/c.java"};

    private MaskingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Bench.options(args);
        long bytes = Long.parseLong(options.getOrDefault("--mb", "50")) * 1_000_000L;
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "5"));
        SecretMasker masker = SecretMasker.of(List.of(SECRET));
        Path dir = Files.createTempDirectory("ambient-mask-bench");
        Path source = write(dir.resolve("source.patch"), bytes);
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Path patch = Files.copy(source, dir.resolve("changes.patch"), StandardCopyOption.REPLACE_EXISTING);
            long start = System.nanoTime();
            Bench.check(masker.maskFile(patch), "nothing was masked");
            rates.add(Files.size(source) / 1e6 / ((System.nanoTime() - start) / 1e9));
        }
        System.out.printf(Locale.ROOT, "maskFile, %d MB patch, one secret: best %.1f MB/s, median %.1f MB/s (%d rounds)%n",
                bytes / 1_000_000, rates.stream().mapToDouble(Double::doubleValue).max().orElse(0), Bench.median(rates),
                rounds);
        for (Path file : List.of(source, dir.resolve("changes.patch"))) {
            Files.deleteIfExists(file);
        }
        Files.delete(dir);
    }

    private static Path write(Path file, long bytes) throws IOException {
        Random random = new Random(1);
        String wrapped = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)).replace("\n", "\n+");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("diff --git a/Big.java b/Big.java\n--- a/Big.java\n+++ b/Big.java\n@@ -0,0 +1 @@\n");
            long written = 0;
            for (long line = 0; written < bytes; line++) {
                StringBuilder text = new StringBuilder("+    ");
                if (line % 1000 == 999) {
                    text.append(line % 2000 == 999 ? "token = \"" + SECRET + "\";" : wrapped);
                } else {
                    for (int i = random.nextInt(12); i > 0; i--) {
                        text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                    }
                }
                out.write(text.append('\n').toString());
                written += text.length();
            }
        }
        return file;
    }
}
