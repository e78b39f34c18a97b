package io.ambient.report;

import org.junit.jupiter.api.Test;

import java.util.List;

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
}
