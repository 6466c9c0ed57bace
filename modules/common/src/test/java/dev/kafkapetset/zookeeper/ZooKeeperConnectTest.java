package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.cli.ExitCode;
import dev.kafkapetset.cli.ToolException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZooKeeperConnectTest {

    @Test
    void readsServersPortsAndChroot() {
        ZooKeeperConnect connect = ZooKeeperConnect.parse("--zookeeper", "zk-0:2181,zk-1.zk:2182,zk-2/kafka/prod");
        assertEquals(List.of(InetSocketAddress.createUnresolved("zk-0", 2181),
                InetSocketAddress.createUnresolved("zk-1.zk", 2182),
                InetSocketAddress.createUnresolved("zk-2", 2181)), connect.servers());
        assertEquals("/kafka/prod", connect.chroot());
    }

    @Test
    void noChrootIsTheRoot() {
        assertEquals("", ZooKeeperConnect.parse("--zookeeper", "127.0.0.1:2181").chroot());
        assertEquals("", ZooKeeperConnect.parse("--zookeeper", "127.0.0.1:2181/").chroot());
    }

    @Test
    void malformedStringsAreUsageErrorsNamingTheirSource() {
        for (String bad : new String[] {"zk:abc", "zk:99999", ":2181", "a b:2181", "zk:2181/bad//path", ",", ""}) {
            ToolException error = assertThrows(ToolException.class, () -> ZooKeeperConnect.parse("--zookeeper", bad), bad);
            assertEquals(ExitCode.USAGE, error.exitCode(), bad);
            assertTrue(error.getMessage().startsWith("--zookeeper: '"), error.getMessage());
        }
    }
}
