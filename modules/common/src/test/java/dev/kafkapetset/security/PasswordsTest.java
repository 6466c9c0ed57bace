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
    void anOperatorsPasswordIsRefusedWhenShortOrHoldingWhatTheFilesCantCarry() {
        assertEquals(Optional.empty(), Passwords.unusable("Tr0ub4dor.&3".replace("&", "~") + "horse!"));
        assertEquals(Optional.of("is shorter than 16 characters"), Passwords.unusable("short-but-fine"));
        for (String unsafe : new String[] {"with\"a-quote-inside", "with\\a-backslash-in", "with,a,comma,in,it",
                "with]a-bracket-inside", "with a space inside it", "with-an-umlaut-\u00fc-in-it"}) {
            assertTrue(Passwords.unusable(unsafe).orElseThrow().startsWith("holds a character other than"), unsafe);
        }
    }
}
