package io.ambient.report;

import io.ambient.Json;
import io.ambient.testing.SecretEncodings;
import io.ambient.testing.SecretEncodings.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import static io.ambient.testing.SecretEncodings.SECRET;
import static io.ambient.testing.SecretEncodings.assertNoTrace;
import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTest {

    @Test
    void everyOccurrenceOfASecretIsMasked() {
        assertThat(SecretMasker.of(List.of("hunter22")).mask("a hunter22 b hunter22")).isEqualTo("a **** b ****");
    }

    @Test
    void urlEncodedAndBase64FormsAreMaskedToo() {
        SecretMasker masker = SecretMasker.of(List.of("p@ss word/1"));

        assertThat(masker.mask("q=p%40ss+word%2F1")).isEqualTo("q=****");
        assertThat(masker.mask("Basic cEBzcyB3b3JkLzE=")).isEqualTo("Basic ****");
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        assertThat(SecretMasker.of(List.of("abcd", "abcdefgh")).mask("x abcdefgh y")).isEqualTo("x **** y");
    }

    @Test
    void valuesTooShortToBeSecretsAreLeftAlone() {
        SecretMasker masker = SecretMasker.of(List.of("1", "ok"));

        assertThat(masker.isEmpty()).isTrue();
        assertThat(masker.mask("exit 1 ok")).isEqualTo("exit 1 ok");
    }

    @Test
    void regexCharactersInSecretsAreTakenLiterally() {
        assertThat(SecretMasker.of(List.of("a.b*c(d")).mask("axbbc a.b*c(d")).isEqualTo("axbbc ****");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ambient.testing.SecretEncodings#all")
    void everyEncodingIsMaskedInsideATextLineByLineAndInAJsonString(Encoding encoding) throws Exception {
        SecretMasker masker = SecretMasker.of(List.of(SECRET));
        String text = "before " + encoding.text() + " after";

        assertNoTrace(masker.mask(text), encoding, "one text");
        assertNoTrace(Arrays.stream(text.split("\n")).map(masker::mask).collect(Collectors.joining("\n")),
                encoding, "separate lines");
        assertNoTrace(masker.mask(Json.MAPPER.writeValueAsString(text)), encoding, "a JSON string");
        assertThat(masker.mask(text)).startsWith("before ").endsWith(" after");
    }

    @Test
    void aWrappedBase64IsMaskedWhereverItsLinesBreak() {
        SecretMasker masker = SecretMasker.of(List.of(SECRET));
        for (int column = 0; column < 76; column++) {
            String stream = Base64.getMimeEncoder(76, "\n".getBytes()).encodeToString(
                    ("x".repeat(column) + SECRET + "y".repeat(40)).getBytes(StandardCharsets.UTF_8));
            String masked = Arrays.stream(stream.split("\n")).map(line -> masker.mask("+" + line))
                    .collect(Collectors.joining("\n"));
            String core = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
            assertThat(masked).as("secret at byte %d", column).doesNotContain(core.substring(8, 16))
                    .doesNotContain(core.substring(40, 48)).doesNotContain(core.substring(80, 88));
        }
    }

    @Test
    void aMultiLineSecretIsMaskedLineByLine() {
        String key = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----";
        SecretMasker masker = SecretMasker.of(List.of(key));

        assertThat(masker.mask("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")).isEqualTo("****");
        assertThat(masker.mask("key: " + key)).isEqualTo("key: ****");
    }

    @Test
    void controlCharactersAreMaskedInTheirJsonAndCEscapes() {
        SecretMasker masker = SecretMasker.of(List.of("tab\there\u0001x"));

        assertThat(masker.mask("\"tab\\there\\u0001x\"")).isEqualTo("\"****\"");
        assertThat(masker.mask("\"tab\\t" + "here\\001x\"")).isEqualTo("\"****\"");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        SecretMasker masker = SecretMasker.of(List.of(SECRET));
        String source = "public class Foo {\n    // TODO: else true null\n    return \"ok\";\n}\n+   done\n";

        assertThat(masker.mask(source)).isEqualTo(source);
    }

    @Test
    void maskingAFileKeepsItsLineEndsAndLinesThatAreNotUtf8(@TempDir Path dir) throws Exception {
        SecretMasker masker = SecretMasker.of(List.of("hunter22"));
        Path file = dir.resolve("changes.patch");
        byte[] latin1 = "caf\u00e9 hunter22\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] crlf = "+a\r\n+hunter22\r\nno end".getBytes(StandardCharsets.UTF_8);
        Files.write(file, concat(latin1, crlf));

        assertThat(masker.maskFile(file)).isTrue();

        assertThat(Files.readAllBytes(file)).isEqualTo(concat("caf\u00e9 ****\n".getBytes(StandardCharsets.ISO_8859_1),
                "+a\r\n+****\r\nno end".getBytes(StandardCharsets.UTF_8)));
        assertThat(masker.maskFile(file)).isFalse();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
