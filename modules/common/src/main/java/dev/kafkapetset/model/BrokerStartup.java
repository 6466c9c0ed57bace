package dev.kafkapetset.model;

import java.util.List;

/**
 * The broker container's start-up wrapper (the seed's onStart): it derives what differs per pod from
 * the pod's own name, then hands over to the image's entrypoint, given as its arguments. Every input
 * comes from the container's environment, so a test can run it exactly as the manifest has it.
 */
final class BrokerStartup {
    static final String NAME = "kafka-petset-broker-start";

    private static final String SCRIPT = """
            ordinal="${%1$s##*-}"
            case "$ordinal" in
              ''|*[!0-9]*) echo "%5$s: can't take a broker id from pod name '${%1$s}'" >&2; exit 1 ;;
            esac
            export KAFKA_BROKER_ID="$ordinal"
            export KAFKA_ADVERTISED_LISTENERS="PLAINTEXT://${%1$s}.${%2$s}.${%3$s}.svc:%6$d,\
            OPERATOR://127.0.0.1:$((%4$s + ordinal))"
            exec "$@"
            """.formatted(
                    KafkaCluster.POD_NAME_ENV,
                    KafkaCluster.SERVICE_ENV,
                    KafkaCluster.POD_NAMESPACE_ENV,
                    KafkaCluster.OPERATOR_PORT_BASE_ENV,
                    NAME,
                    KafkaCluster.CLIENT_PORT);

    /** {@code bash -c SCRIPT NAME}: the container's args (the entrypoint) become the script's "$@". */
    static List<String> command() {
        return List.of("bash", "-c", SCRIPT, NAME);
    }

    private BrokerStartup() {}
}
