package dev.kafkapetset.zookeeper;

/**
 * One ZooKeeper server to check: the name the operator knows it by, and the address this machine
 * reaches it at (the same for a direct address, a local forwarded port for a pod).
 *
 * @param unavailable why it can't be reached at all (a pod that isn't running), or null
 */
public record ServerEndpoint(String name, String host, int port, String unavailable) {

    public static ServerEndpoint direct(String host, int port) {
        return new ServerEndpoint(host + ":" + port, host, port, null);
    }

    public String address() {
        return host + ":" + port;
    }
}
