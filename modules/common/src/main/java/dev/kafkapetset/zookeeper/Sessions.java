package dev.kafkapetset.zookeeper;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

/** ZooKeeper client sessions: the only way to learn anything from a server that refuses four-letter words. */
final class Sessions {

    /**
     * Opens a session to {@code connectString} (servers and chroot), logged in with {@code login}
     * unless it is empty, or returns null when none is established within {@code timeout}: no server
     * reachable, none of them has a quorum, or the login was refused.
     */
    static ZooKeeper open(String connectString, Duration timeout, Optional<ZooKeeperLogin> login)
            throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = event -> {
            // Logged in, a session is usable once SASL succeeded; ZooKeeper then says SaslAuthenticated.
            KeeperState ready = login.isPresent() ? KeeperState.SaslAuthenticated : KeeperState.SyncConnected;
            if (event.getState() == ready) {
                connected.countDown();
            }
        };
        ZKClientConfig config = login.map(ZooKeeperLogin::clientConfig).orElseGet(ZKClientConfig::new);
        // The client's Netty socket: its default one (NIO) sleeps 100 ms in every close, which each
        // check, opening a session for a few reads, would wait out.
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ClientCnxnSocketNetty.class.getName());
        ZooKeeper session = new ZooKeeper(connectString, (int) Math.max(timeout.toMillis(), 4_000), watcher, config);
        if (connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return session;
        }
        session.close();
        return null;
    }

    /** Whether {@code address} alone serves a session within {@code timeout}, logged in with {@code login} if given. */
    static boolean serves(String address, Duration timeout, Optional<ZooKeeperLogin> login)
            throws IOException, InterruptedException {
        ZooKeeper session = open(address, timeout, login);
        if (session == null) {
            return false;
        }
        session.close();
        return true;
    }

    private Sessions() {}
}
