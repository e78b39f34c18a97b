package io.ambient.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ambient.Json;
import org.eclipse.jgit.util.QuotedString;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encodings an agent may write a secret in, each as the text it writes, with the check that an output holds no
 * trace of it: neither the secret nor any 8 characters in a row of its encoding that come from the secret alone.
 */
public final class SecretEncodings {
    /** An Anthropic-shaped key with every character the escapes treat specially: {@code " \ /}, space, é, {@code +}. */
    public static final String SECRET = "sk-ant-api03-Zq7\"Kx9\\Wm/2 p\u00e9+Q-Rb8mT4vLw1NcY6hJ0aUe3sXo5DkF9gPi2Hn7yBt";
    /** Characters in a row that count as a trace. */
    public static final int TRACE = 8;

    private SecretEncodings() {
    }

    /**
     * One encoding.
     *
     * @param name   what it is
     * @param text   the secret so encoded, as the agent writes it
     * @param traces the parts of {@code text} that come from the secret alone, one per line it spans
     */
    public record Encoding(String name, String text, List<String> traces) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every encoding of {@link #SECRET}. */
    public static List<Encoding> all() {
        return of(SECRET);
    }

    /** Every encoding of {@code secret}. */
    public static List<Encoding> of(String secret) {
        List<Encoding> encodings = new ArrayList<>();
        encodings.add(whole("plain", secret));
        for (int align = 0; align < 3; align++) {
            String before = "xy".substring(0, align);
            encodings.add(base64("base64 one line, alignment " + align, before, secret,
                    bytes -> Base64.getEncoder().encodeToString(bytes)));
            encodings.add(base64("base64 wrapped at 76 (base64), alignment " + align, before, secret,
                    bytes -> Base64.getMimeEncoder(76, "\n".getBytes()).encodeToString(bytes)));
            encodings.add(base64("base64 wrapped at 64 (PEM, openssl), alignment " + align, before, secret,
                    bytes -> Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(bytes)));
        }
        encodings.add(base64("base64 URL-safe", "", secret, bytes -> Base64.getUrlEncoder().encodeToString(bytes)));
        encodings.add(whole("percent-encoded (RFC 3986, %20)", percent(secret, false)));
        encodings.add(whole("fully percent-encoded, lower-case hex", percent(secret, true)));
        encodings.add(whole("form-encoded (+)", URLEncoder.encode(secret, StandardCharsets.UTF_8)));
        encodings.add(whole("JSON-escaped", json(secret)));
        encodings.add(whole("JSON-escaped, / and non-ASCII escaped", json(secret).replace("/", "\\/")
                .replace("\u00e9", "\\u00E9")));
        encodings.add(whole("git-quoted path", QuotedString.GIT_PATH.quote(secret)));
        encodings.add(whole("HTML-escaped", secret.replace("&", "&amp;").replace("\"", "&quot;")
                .replace("\u00e9", "&#233;")));
        return encodings;
    }

    /** Asserts that {@code output} holds no trace of {@code encoding}. */
    public static void assertNoTrace(String output, Encoding encoding, String outputName) {
        assertThat(output).as("%s in %s", SECRET, outputName).doesNotContain(SECRET);
        for (String trace : encoding.traces()) {
            for (int i = 0; i + TRACE <= trace.length(); i++) {
                String window = trace.substring(i, i + TRACE);
                assertThat(output).as("%s of the secret in %s", encoding.name(), outputName).doesNotContain(window);
            }
        }
    }

    private static Encoding whole(String name, String text) {
        return new Encoding(name, text, List.of(text));
    }

    /**
     * The secret base64-encoded between {@code before} and a newline (as {@code echo | base64} has it); its traces
     * leave out the characters next to those other bytes.
     */
    private static Encoding base64(String name, String before, String secret, Function<byte[], String> encoder) {
        String text = encoder.apply((before + secret + "\n").getBytes(StandardCharsets.UTF_8));
        String inner = text.substring(4, text.length() - 4);
        return new Encoding(name, text, List.of(inner.split("\n")));
    }

    private static String percent(String secret, boolean every) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : secret.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (!every && (Character.isLetterOrDigit(c) && c < 0x80 || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                String hex = HexFormat.of().toHexDigits(b);
                encoded.append('%').append(every ? hex : hex.toUpperCase(Locale.ROOT));
            }
        }
        return encoded.toString();
    }

    private static String json(String secret) {
        try {
            String quoted = Json.MAPPER.writeValueAsString(secret);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
