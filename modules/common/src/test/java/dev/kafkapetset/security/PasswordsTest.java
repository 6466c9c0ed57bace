package dev.kafkapetset.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void everyPasswordTheToolkitMakesIsOneItCanUse() {
        IntStream.range(0, 1000).mapToObj(made -> Passwords.generate())
                .forEach(password -> assertEquals(Optional.empty(), Passwords.unusable(password), password));
    }

    @Test
    void anOperatorsPasswordIsRefusedOnlyForWhatTheFilesCantCarry() {
        for (String fine : new String[] {"Prod#Kafka:2024", "short", "base64+/padded==", "a$dollar-and-100%"}) {
            assertEquals(Optional.empty(), Passwords.unusable(fine), fine);
        }
        assertEquals(Optional.of("is empty"), Passwords.unusable(""));
        for (String unsafe : new String[] {"with\"a-quote", "with\\a-backslash", "with,a-comma", "with]a-bracket",
                "with a space", "with-an-umlaut-\u00fc", "a-${property}", "two\nlines"}) {
            assertTrue(Passwords.unusable(unsafe).orElseThrow().startsWith("holds a quote, a backslash"), unsafe);
        }
    }
}
