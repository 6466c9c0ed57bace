package dev.kafkapetset.cli;

import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.Dns1123;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a check finds the cluster when no address is given directly: the Kafka StatefulSet
 * {@code --name}, reached through the Kubernetes API (port-forwards) with the kubeconfig's access.
 */
public class TargetOptions {

    @Option(names = "--name", defaultValue = "${env:KAFKA_PETSET_NAME:-kafka}", paramLabel = "NAME",
            description = "The Kafka cluster (its StatefulSet) to check through Kubernetes (env KAFKA_PETSET_NAME).")
    String name;

    @Mixin
    KubeOptions kube;

    /** The StatefulSet's name, checked before anything is sent. */
    public String name() {
        return Dns1123.requireLabel("--name", name);
    }

    public KubeOptions kube() {
        return kube;
    }
}
