package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import java.net.HttpURLConnection;

/** The one place where an exception becomes a one-line message and an exit code. */
public final class Failures {

    public static ToolException classify(Throwable error) {
        if (error instanceof ToolException known) {
            return known;
        }
        if (error instanceof KubernetesClientException kube) {
            return classifyKubernetes(kube);
        }
        Throwable root = rootCause(error);
        if (root instanceof IOException) {
            return ToolException.unreachable(describe(root), error);
        }
        return new ToolException(ExitCode.FAILED, "unexpected " + describe(error)
                + " (run with -v for the stack trace)", error);
    }

    private static ToolException classifyKubernetes(KubernetesClientException error) {
        int code = error.getCode();
        String reason = error.getStatus() != null && error.getStatus().getMessage() != null
                ? error.getStatus().getMessage()
                : describe(rootCause(error));
        if (code == HttpURLConnection.HTTP_UNAUTHORIZED || code == HttpURLConnection.HTTP_FORBIDDEN) {
            return ToolException.unreachable("access to the Kubernetes API was refused: " + reason, error);
        }
        if (error.getStatus() == null) {
            Throwable root = rootCause(error);
            if (root instanceof GeneralSecurityException || causes(error, SSLException.class)) {
                return ToolException.unreachable("cannot reach the Kubernetes API: its certificate is not trusted ("
                        + describe(root) + "); check the kubeconfig's certificate-authority", error);
            }
            if (root instanceof IOException || root instanceof TimeoutException) {
                return ToolException.unreachable("cannot reach the Kubernetes API: " + (root instanceof TimeoutException
                        ? "no answer (" + error.getMessage() + ")" : reason), error);
            }
        }
        return new ToolException(ExitCode.FAILED, "the Kubernetes API refused the request: " + reason, error);
    }

    private static boolean causes(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        String type = error.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    private Failures() {}
}
