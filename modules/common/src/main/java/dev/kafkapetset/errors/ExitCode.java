package dev.kafkapetset.errors;

/** The few exit codes every script documents in {@code --help} and returns. */
public final class ExitCode {
    public static final int OK = 0;
    /** A check failed, a wait timed out, or the cluster refused a change. */
    public static final int FAILED = 1;
    /** Bad option or input: reported before anything is sent. */
    public static final int USAGE = 2;
    /** The cluster or server can't be reached, or access is forbidden. */
    public static final int UNREACHABLE = 3;


    private ExitCode() {}
}
