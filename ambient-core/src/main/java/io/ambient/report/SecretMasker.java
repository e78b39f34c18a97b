package io.ambient.report;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
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

    /** Whether this masker masks anything. */
    public boolean isEmpty() {
        return pattern == null;
    }
}
