package dev.kafkapetset.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfirmationTest {

    private static void confirm(String answer, StringWriter out) {
        Confirmation.require(new PrintWriter(out), new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)),
                "This goes:", List.of("pvc/a", "pv/b"), "kafka");
    }

    @Test
    void goesOnOnlyWhenTheNameIsTyped() {
        StringWriter out = new StringWriter();
        confirm("kafka\n", out);
        assertTrue(out.toString().startsWith("This goes:\n  pvc/a\n  pv/b\nType 'kafka' to confirm"), out.toString());
        confirm("  kafka  \n", new StringWriter());
    }

    @Test
    void anyOtherAnswerOrNoneStops() {
        ToolException wrong = assertThrows(ToolException.class, () -> confirm("kafak\n", new StringWriter()));
        assertEquals("not confirmed: nothing was deleted", wrong.getMessage());
        assertEquals(ExitCode.FAILED, wrong.exitCode());
        ToolException none = assertThrows(ToolException.class, () -> confirm("", new StringWriter()));
        assertEquals("not confirmed (no answer): nothing was deleted", none.getMessage());
        assertThrows(ToolException.class, () -> confirm("yes\n", new StringWriter()));
    }
}
