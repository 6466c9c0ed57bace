package dev.kafkapetset.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

class CliTest {

    @Command(name = "sample", footer = "  sample --count 2")
    static class Sample extends ToolCommand {
        @Option(names = "--count", defaultValue = "1")
        int count;

        @Option(names = "--fail-with")
        Integer failWith;

        @Mixin
        WaitOptions waiting;

        @Override
        protected int run() {
            if (failWith != null) {
                throw new ToolException(failWith, "it went wrong");
            }
            if (count < 0) {
                throw new IllegalStateException("boom");
            }
            out().println("count=" + count + " timeout=" + waiting.timeout() + " wait=" + waiting.enabled());
            return ExitCode.OK;
        }
    }

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(new Sample());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpListsExitCodesAndExamples() {
        Result result = run("--help");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("Exit codes:"), result.out());
        assertTrue(result.out().contains("3   Cluster or server unreachable"), result.out());
        assertTrue(result.out().contains("Examples:\n  sample --count 2"), result.out());
    }

    @Test
    void unknownOptionIsAOneLineUsageError() {
        Result result = run("--bogus");
        assertEquals(ExitCode.USAGE, result.exitCode());
        assertEquals("error: Unknown option: '--bogus' (see 'sample --help')", result.err().strip());
    }

    @Test
    void badValueIsAUsageError() {
        Result result = run("--timeout", "soon");
        assertEquals(ExitCode.USAGE, result.exitCode());
        assertTrue(result.err().contains("'soon' is not a duration such as 90s, 5m or 1h30m"), result.err());
    }

    @Test
    void toolExceptionGivesItsExitCodeAndOneLine() {
        Result result = run("--fail-with", "3");
        assertEquals(3, result.exitCode());
        assertEquals("error: it went wrong", result.err().strip());
    }

    @Test
    void unexpectedErrorIsOneLineWithoutVerboseAndTracedWithIt() {
        Result quiet = run("--count", "-1");
        assertEquals(ExitCode.FAILED, quiet.exitCode());
        assertEquals("error: unexpected IllegalStateException: boom (run with -v for the stack trace)",
                quiet.err().strip());
        Result verbose = run("--count", "-1", "-v");
        assertTrue(verbose.err().contains("at dev.kafkapetset.cli.CliTest$Sample.run"), verbose.err());
    }

    @Test
    void waitOptionsDefaultAndNegate() {
        assertEquals("count=1 timeout=PT5M wait=true", run().out().strip());
        assertEquals("count=2 timeout=PT1M30S wait=false",
                run("--count", "2", "--timeout", "1m30s", "--no-wait").out().strip());
    }

    @Test
    void durationsReadAsKubectlWritesThem() {
        DurationConverter converter = new DurationConverter();
        assertEquals(Duration.ofSeconds(90), converter.convert("90s"));
        assertEquals(Duration.ofMinutes(90), converter.convert("1h30m"));
        assertEquals(Duration.ofMillis(250), converter.convert("250ms"));
        for (String bad : new String[] {"", "5", "m", "0s", "-1s", "1.5m"}) {
            assertFalse(accepts(converter, bad), bad);
        }
    }

    @Test
    void aDurationTooLongToMeanAnythingIsRefusedBeforeItOverflows() {
        DurationConverter converter = new DurationConverter();
        assertEquals(Duration.ofHours(168), converter.convert("168h"));
        for (String tooLong : new String[] {"169h", "99999999999999h", "9223372036854775807ms", "10081m"}) {
            assertFalse(accepts(converter, tooLong), tooLong);
        }
        Result result = run("--timeout", "99999999999999h");
        assertEquals(ExitCode.USAGE, result.exitCode());
        assertTrue(result.err().startsWith("error: Invalid value for option '--timeout': '99999999999999h' is not a"
                + " duration such as 90s, 5m or 1h30m (at most 168h)"), result.err());
    }

    private static boolean accepts(DurationConverter converter, String value) {
        try {
            converter.convert(value);
            return true;
        } catch (CommandLine.TypeConversionException expected) {
            return false;
        }
    }
}
