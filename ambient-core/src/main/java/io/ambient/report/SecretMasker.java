package io.ambient.report;

import io.ambient.AmbientException;
import io.ambient.agent.AgentEvent;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Replaces every known secret value by {@value #MASK} in text before it is shown, written or sent, in the forms an
 * agent can turn it into by accident or on purpose: each character plain or escaped the way URLs (percent-encoding,
 * {@code +}), JSON, C and git paths, and HTML escape it, in any mix; its base64 (standard or URL-safe alphabet) at
 * any byte alignment, on one line or wrapped at any width; and each line of a secret that has several.
 * Values shorter than {@value #MIN_LENGTH} characters are not masked: masking "1" or "ok" would garble every line
 * while protecting nothing. What is not caught (other transformations, a value split across files or messages) is
 * listed in docs/run-report.md ("Secrets").
 */
public final class SecretMasker implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String MASK = "****";
    public static final int MIN_LENGTH = 4;
    /** Masks nothing. */
    public static final SecretMasker NONE = new SecretMasker(null, null);

    private final Pattern pattern;
    private final Base64Pieces pieces;

    private SecretMasker(Pattern pattern, Base64Pieces pieces) {
        this.pattern = pattern;
        this.pieces = pieces;
    }

    /** A masker for these secret values. */
    public static SecretMasker of(Collection<String> secrets) {
        // Longest secret first, so a value is masked whole rather than around a shorter secret inside it.
        List<String> values = secrets.stream().filter(secret -> secret != null && secret.length() >= MIN_LENGTH)
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        if (values.isEmpty()) {
            return NONE;
        }
        List<String> forms = new ArrayList<>();
        List<String> cores = new ArrayList<>();
        for (String secret : values) {
            forms.add(SecretForms.escaped(secret));
            SecretForms.lines(secret, MIN_LENGTH).forEach(line -> forms.add(SecretForms.escaped(line)));
            for (SecretForms.Base64Form form : SecretForms.base64(secret.getBytes(StandardCharsets.UTF_8))) {
                forms.add(form.pattern());
                cores.add(form.core());
            }
        }
        return new SecretMasker(Pattern.compile(startsWith(forms, values) + "(?:" + String.join("|", forms) + ")"),
                new Base64Pieces(cores));
    }

    /**
     * A lookahead for the characters a match can start with: the regular expression then skips every other position
     * at the cost of one class test, instead of trying each form there.
     */
    private static String startsWith(List<String> forms, List<String> secrets) {
        List<Pattern> patterns = forms.stream().map(Pattern::compile).toList();
        Set<Integer> candidates = new TreeSet<>();
        for (int c = 0; c < 128; c++) {
            candidates.add(c);
        }
        secrets.forEach(secret -> candidates.add(secret.codePointAt(0)));
        StringBuilder set = new StringBuilder("(?=[");
        for (int c : candidates) {
            String text = new String(Character.toChars(c));
            if (patterns.stream().map(pattern -> pattern.matcher(text)).anyMatch(m -> m.lookingAt() || m.hitEnd())) {
                set.append(String.format(Locale.ROOT, "\\x{%x}", c));
            }
        }
        return set.append("])").toString();
    }

    /** {@code text} with every secret masked; {@code null} stays {@code null}. */
    public String mask(String text) {
        return pattern == null || text == null ? text : pieces.mask(pattern.matcher(text).replaceAll(MASK));
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

    /**
     * Rewrites {@code file} with secrets masked, line by line (a patch can be large), keeping its line ends and the
     * bytes of lines that are not UTF-8 (read as Latin-1, so an ASCII secret in them is still masked).
     *
     * @return whether anything was masked
     */
    public boolean maskFile(Path file) {
        if (pattern == null) {
            return false;
        }
        Path masked = file.resolveSibling(file.getFileName() + ".masking");
        boolean changed = false;
        try {
            try (InputStream in = Files.newInputStream(file);
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(masked), 1 << 16)) {
                CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                byte[] chunk = new byte[1 << 16];
                for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                    int start = 0;
                    for (int i = 0; i < read; i++) {
                        if (chunk[i] == '\n') {
                            line.write(chunk, start, i - start);
                            changed |= writeMasked(line.toByteArray(), utf8, out);
                            out.write('\n');
                            line.reset();
                            start = i + 1;
                        }
                    }
                    line.write(chunk, start, read - start);
                }
                if (line.size() > 0) {
                    changed |= writeMasked(line.toByteArray(), utf8, out);
                }
            }
            Files.move(masked, file, StandardCopyOption.REPLACE_EXISTING);
            return changed;
        } catch (IOException e) {
            throw new AmbientException("cannot mask secrets in " + file + ": " + e.getMessage(), e);
        }
    }

    private boolean writeMasked(byte[] line, CharsetDecoder utf8, OutputStream out) throws IOException {
        Charset charset = StandardCharsets.UTF_8;
        String text;
        try {
            text = utf8.reset().decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException notUtf8) {
            charset = StandardCharsets.ISO_8859_1;
            text = new String(line, charset);
        }
        String masked = mask(text);
        if (masked.equals(text)) {
            out.write(line);
            return false;
        }
        out.write(masked.getBytes(charset));
        return true;
    }

    /** Whether this masker masks anything. */
    public boolean isEmpty() {
        return pattern == null;
    }
}
