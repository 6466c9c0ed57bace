package dev.kafkapetset.zookeeper;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

/** ZooKeeper client sessions: the only way to learn anything from a server that refuses four-letter words. */
final class Sessions {

    /**
     * Opens a session to {@code connectString} (servers and chroot), or returns null when none is
     * established within {@code timeout}: no server reachable, or none of them has a quorum.
     */
    static ZooKeeper open(String connectString, Duration timeout) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        // The client's Netty socket: its default one (NIO) sleeps 100 ms in every close, which each
        // check, opening a session for a few reads, would wait out.
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ClientCnxnSocketNetty.class.getName());
        ZooKeeper session = new ZooKeeper(connectString, (int) Math.max(timeout.toMillis(), 4_000), event -> {
            if (event.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, config);
        if (connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return session;
        }
        session.close();
        return null;
    }

    /** Whether {@code address} alone serves a session within {@code timeout}. */
    static boolean serves(String address, Duration timeout) throws IOException, InterruptedException {
        ZooKeeper session = open(address, timeout);
        if (session == null) {
            return false;
        }
        session.close();
        return true;
    }

    private Sessions() {}
}
