package dev.kafkapetset.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --node} for the steps that create hostPath volumes: which nodes they are pinned to. */
public class NodesOption {

    @Option(names = "--node", paramLabel = "NODE[,NODE...]", split = ",", defaultValue = "${env:KAFKA_PETSET_NODES}",
            description = "hostPath volumes: the nodes (by hostname label) new volumes are pinned to, spread in this"
                    + " order; a pod then runs where its data is. Default: every schedulable node. A volume that"
                    + " exists keeps its node (env KAFKA_PETSET_NODES).")
    List<String> nodes = new ArrayList<>();

    public List<String> nodes() {
        return List.copyOf(nodes);
    }
}
