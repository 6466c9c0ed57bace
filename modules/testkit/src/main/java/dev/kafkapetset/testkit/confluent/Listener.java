package dev.kafkapetset.testkit.confluent;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One entry of a broker's {@code listeners} or {@code advertised.listeners}: {@code NAME://host:port}. */
record Listener(String name, String host, int port) {
    private static final Pattern FORM = Pattern.compile("([A-Za-z0-9_]+)://(\\[[^]]*]|[^:/]*):(\\d+)");

    static List<Listener> parseAll(String listeners) {
        return Arrays.stream(listeners.split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(Listener::parse)
                .toList();
    }

    static Listener parse(String listener) {
        Matcher form = FORM.matcher(listener);
        if (!form.matches()) {
            throw new IllegalStateException("listener '" + listener + "' is not NAME://host:port");
        }
        return new Listener(form.group(1), form.group(2), Integer.parseInt(form.group(3)));
    }

    Listener withAddress(String newHost, int newPort) {
        return new Listener(name, newHost, newPort);
    }

    static String joined(List<Listener> listeners) {
        return String.join(",", listeners.stream().map(Listener::toString).toList());
    }

    @Override
    public String toString() {
        return name + "://" + host + ":" + port;
    }
}
