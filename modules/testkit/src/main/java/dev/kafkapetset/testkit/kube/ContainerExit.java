package dev.kafkapetset.testkit.kube;

/**
 * How a container that ran ended, when it failed: its exit code, and the termination message the
 * kubelet took from it as its {@code terminationMessagePolicy} says; none when it left none (a
 * {@code File} policy and nothing written to the message file).
 */
public final class ContainerExit extends Exception {
    private final int exitCode;

    public ContainerExit(int exitCode, String terminationMessage) {
        super(terminationMessage);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The termination message, or null. */
    public String terminationMessage() {
        return getMessage();
    }
}
