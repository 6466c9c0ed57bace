package dev.kafkapetset.kafka;

import dev.kafkapetset.errors.ToolException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/** {@code --bootstrap-servers host:port[,host:port...]}, checked with Kafka's own address parsing. */
public final class BootstrapServers {

    /** The list as Kafka's clients take it; anything but host:port pairs is a usage error. */
    public static String parse(String value) {
        List<String> servers = new ArrayList<>();
        for (String server : value.split(",", -1)) {
            String address = server.strip();
            String host = Utils.getHost(address);
            Integer port = Utils.getPort(address);
            // Kafka's parser skips leading junk ("a b:9092" gives host b): insist on the whole text.
            if (host == null || host.isEmpty() || port == null || port < 1 || port > 65535
                    || !Utils.formatAddress(host, port).equals(address)) {
                throw ToolException.usage("--bootstrap-servers: '" + address + "' is not host:port"
                        + " (expected a list such as kafka-0:9092,kafka-1:9092)");
            }
            servers.add(address);
        }
        return String.join(",", servers);
    }

    private BootstrapServers() {}
}
