package dev.kafkapetset.zookeeper;

import dev.kafkapetset.cli.CheckReport;
import java.util.List;
import java.util.Locale;

/**
 * What check-zookeeper found: each server, the ensemble's verdict, the Kafka registration.
 *
 * @param ensemble the ensemble in one line: how many lead, follow, don't serve
 * @param kafka null when no client session could be opened
 * @param expectedBrokers the number of brokers compared against, or null
 */
public record ZooKeeperReport(
        List<ServerReport> servers,
        String ensemble,
        KafkaRegistration kafka,
        Integer expectedBrokers,
        boolean healthy,
        List<String> problems,
        List<String> notes) implements CheckReport {

    public ZooKeeperReport {
        servers = List.copyOf(servers);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    @Override
    public String text() {
        StringBuilder text = new StringBuilder("ZooKeeper\n");
        int width = servers.stream().mapToInt(server -> server.server().length()).max().orElse(0);
        for (ServerReport server : servers) {
            text.append(String.format(Locale.ROOT, "  %-" + width + "s  %-11s", server.server(), server.mode()));
            if (server.reachable()) {
                text.append(String.format(Locale.ROOT, " %7.1f ms", server.roundTripMillis()));
                if (server.version() != null) {
                    text.append("  ").append(server.version());
                }
                if (server.syncedFollowers() != null) {
                    text.append("  ").append(server.syncedFollowers()).append(" followers in sync");
                }
                if (server.imok() != null) {
                    text.append(server.imok() ? "  imok" : "  ruok not ok");
                }
                if (server.session() != null) {
                    text.append(server.session() ? "  session ok" : "  no session");
                }
                if (!server.refused().isEmpty()) {
                    text.append("  refused: ").append(String.join(", ", server.refused()));
                }
            } else {
                text.append(' ').append(server.error());
            }
            text.append('\n');
        }
        text.append("  ").append(ensemble).append('\n');
        if (kafka != null) {
            text.append("Kafka cluster ").append(kafka.clusterId() == null ? "(none registered yet)" : kafka.clusterId());
            if (kafka.controller() != null) {
                text.append(", controller: ").append(kafka.kraftController() ? "KRaft controller " : "broker ")
                        .append(kafka.controller());
            }
            text.append('\n');
            for (KafkaRegistration.Broker broker : kafka.brokers()) {
                text.append("  broker ").append(broker.id()).append("  ")
                        .append(String.join(", ", broker.endpoints())).append('\n');
            }
            if (expectedBrokers != null) {
                text.append("  ").append(kafka.brokers().size()).append(" of ").append(expectedBrokers)
                        .append(" expected brokers registered\n");
            }
            kafka.acls().forEach((path, acl) -> text.append("  ").append(path).append(" ACL: ").append(String.join(", ", acl))
                    .append('\n'));
        }
        CheckReport.appendVerdict(text, notes, problems);
        return text.toString();
    }
}
