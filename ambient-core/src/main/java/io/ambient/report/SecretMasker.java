package io.ambient.report;

import io.ambient.AmbientException;
import io.ambient.agent.AgentEvent;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replaces every known secret value, and its common encodings (base64, URL-encoded), by {@value #MASK} in text before
 * it is shown, written or sent. Values shorter than {@value #MIN_LENGTH} characters are not masked: masking "1" or
 * "ok" would garble every line while protecting nothing.
 */
public final class SecretMasker implements Serializable {
    public static final String MASK = "****";
    public static final int MIN_LENGTH = 4;
    /** Masks nothing. */
    public static final SecretMasker NONE = new SecretMasker(null);

    private final Pattern pattern;

    private SecretMasker(Pattern pattern) {
        this.pattern = pattern;
    }

    /** A masker for these secret values. */
    public static SecretMasker of(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null || secret.length() < MIN_LENGTH) {
                continue;
            }
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            forms.add(secret);
            forms.add(Base64.getEncoder().encodeToString(bytes));
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
            forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        }
        if (forms.isEmpty()) {
            return NONE;
        }
        // Longest first, so a value is masked whole rather than around a shorter secret inside it.
        String alternation = forms.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|"));
        return new SecretMasker(Pattern.compile(alternation));
    }

    /** {@code text} with every secret masked; {@code null} stays {@code null}. */
    public String mask(String text) {
        return pattern == null || text == null ? text : pattern.matcher(text).replaceAll(MASK);
    }

    /** {@code event} with secrets masked in its text and data. */
    public AgentEvent mask(AgentEvent event) {
        if (pattern == null) {
            return event;
        }
        Map<String, String> data = new LinkedHashMap<>();
        event.data().forEach((key, value) -> data.put(key, mask(value)));
        return new AgentEvent(event.seq(), event.time(), event.type(), mask(event.text()), data);
    }

    /** Rewrites {@code file} with secrets masked, line by line (a patch can be large). */
    public void maskFile(Path file) {
        if (pattern == null) {
            return;
        }
        Path masked = file.resolveSibling(file.getFileName() + ".masking");
        try {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 BufferedWriter out = Files.newBufferedWriter(masked, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(mask(line));
                    out.write('\n');
                }
            }
            Files.move(masked, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AmbientException("cannot mask secrets in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether this masker masks anything. */
    public boolean isEmpty() {
        return pattern == null;
    }
}
