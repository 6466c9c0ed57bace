package dev.kafkapetset.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Network failures in the words an operator uses: "connection refused", "no answer within 10s". */
public final class NetworkErrors {

    public static String describe(IOException error) {
        // Clients wrap the socket's own error in theirs ("Exception while executing four letter word").
        if (error.getCause() instanceof IOException cause) {
            return describe(cause);
        }
        if (error instanceof UnknownHostException) {
            return "unknown host " + error.getMessage();
        }
        if (error instanceof ConnectException) {
            return "connection refused";
        }
        if (error instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (error instanceof SocketTimeoutException) {
            return "no answer in time";
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private NetworkErrors() {}
}
