package dev.kafkapetset.model;

import dev.kafkapetset.errors.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A ZooKeeper connect string, {@code host:port[,host:port...][/chroot]}, checked part by part. */
public record ZookeeperConnect(List<Server> servers, String chroot) {

    public record Server(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static final Pattern HOST =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern CHROOT = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    /** Parses {@code value}; a malformed one is a usage error naming the part at fault. */
    public static ZookeeperConnect parse(String value) {
        return parse("ZooKeeper address", value);
    }

    /** The same, with {@code what} naming where the address came from in the message for an empty one. */
    public static ZookeeperConnect parse(String what, String value) {
        if (value == null || value.isBlank()) {
            throw ToolException.usage(what + " is empty: expected host:port[,host:port...][/chroot]");
        }
        int slash = value.indexOf('/');
        String chroot = slash < 0 ? "" : value.substring(slash);
        if (!chroot.isEmpty() && !CHROOT.matcher(chroot).matches()) {
            throw ToolException.usage("ZooKeeper chroot '" + chroot + "' is not a path such as /kafka");
        }
        List<Server> servers = new ArrayList<>();
        for (String server : (slash < 0 ? value : value.substring(0, slash)).split(",", -1)) {
            servers.add(parseServer(server.trim(), value));
        }
        return new ZookeeperConnect(List.copyOf(servers), chroot);
    }

    private static Server parseServer(String server, String whole) {
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            throw ToolException.usage("ZooKeeper server '" + server + "' in '" + whole + "' is not host:port");
        }
        String host = server.substring(0, colon).toLowerCase();
        if (!HOST.matcher(host).matches() || host.length() > 253) {
            throw ToolException.usage("ZooKeeper host '" + host + "' in '" + whole + "' is not a valid host name");
        }
        String port = server.substring(colon + 1);
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > 65535) {
            throw ToolException.usage("ZooKeeper port '" + port + "' in '" + whole + "' is not a port (1-65535)");
        }
        return new Server(host, number);
    }

    @Override
    public String toString() {
        return String.join(",", servers.stream().map(Server::toString).toList()) + chroot;
    }
}
