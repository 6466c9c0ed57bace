package dev.kafkapetset.zookeeper;

import dev.kafkapetset.cli.ToolException;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.zookeeper.client.ConnectStringParser;

/**
 * A ZooKeeper connect string as Kafka's {@code zookeeper.connect} and {@code --zookeeper} take it:
 * {@code host[:port][,host[:port]...][/chroot]}, port 2181 when left out.
 *
 * @param chroot the path Kafka keeps its data under, or empty for the root
 */
public record ZooKeeperConnect(List<InetSocketAddress> servers, String chroot) {

    /** Parses with ZooKeeper's own parser; a malformed string is a usage error naming {@code source}. */
    public static ZooKeeperConnect parse(String source, String connectString) {
        ConnectStringParser parsed;
        try {
            parsed = new ConnectStringParser(connectString.strip());
        } catch (IllegalArgumentException e) {
            throw ToolException.usage(source + ": '" + connectString + "' is not a ZooKeeper connect string"
                    + " such as zk-0:2181,zk-1:2181/kafka (" + e.getMessage() + ")");
        }
        List<InetSocketAddress> servers = List.copyOf(parsed.getServerAddresses());
        if (servers.isEmpty()) {
            throw ToolException.usage(source + ": '" + connectString + "' names no ZooKeeper server");
        }
        for (InetSocketAddress server : servers) {
            String host = server.getHostString();
            if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace) || server.getPort() == 0) {
                throw ToolException.usage(source + ": '" + connectString + "' is not a ZooKeeper connect string"
                        + " such as zk-0:2181,zk-1:2181/kafka ('" + host + ":" + server.getPort() + "' is not host:port)");
            }
        }
        String chroot = parsed.getChrootPath();
        return new ZooKeeperConnect(servers, chroot == null ? "" : chroot);
    }
}
