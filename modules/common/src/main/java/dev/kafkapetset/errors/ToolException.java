package dev.kafkapetset.errors;

/**
 * A failure the user can act on: its message is the one line they see, its exit code is one of
 * {@link ExitCode}. Anything else that escapes a command is reported as unexpected.
 */
public class ToolException extends RuntimeException {
    private final int exitCode;

    public ToolException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public ToolException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static ToolException failed(String message) {
        return new ToolException(ExitCode.FAILED, message);
    }

    public static ToolException usage(String message) {
        return new ToolException(ExitCode.USAGE, message);
    }

    public static ToolException unreachable(String message, Throwable cause) {
        return new ToolException(ExitCode.UNREACHABLE, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
