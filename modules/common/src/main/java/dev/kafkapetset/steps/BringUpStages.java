package dev.kafkapetset.steps;

import dev.kafkapetset.cli.CheckReport;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.smoke.KubernetesKafka;
import dev.kafkapetset.smoke.SmokeSettings;
import dev.kafkapetset.smoke.SmokeTest;
import dev.kafkapetset.steps.Runbook.Stage;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/** The runbook bring-up follows: the deploy steps with the checks between them, as the README lists them. */
public final class BringUpStages {
    /** How long each ZooKeeper server may take to answer a check. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    public static List<Stage> of(KafkaCluster cluster, KubernetesClient client, KubeOptions kube, WaitOptions waiting,
            SmokeSettings smoke) {
        int brokers = cluster.spec().replicas();
        return List.of(
                new Stage("create-volumes", "hostPath volumes for ZooKeeper's and the brokers' data",
                        report -> new CreateVolumesStep(client, report).run(cluster, brokers)),
                new Stage("deploy-zookeeper", "the toolkit's own ZooKeeper ensemble, until it has a quorum",
                        report -> new DeployZookeeperStep(client, report).run(cluster, waiting)),
                new Stage("check-zookeeper", "ZooKeeper at " + cluster.spec().zookeeper() + " has a quorum",
                        report -> passes(report, () -> {
                            try (KubernetesZooKeeper target = KubernetesZooKeeper.open(kube, cluster.spec().zookeeper())) {
                                return ZooKeeperCheck.run(target, new ZooKeeperCheck.Settings(null, CHECK_TIMEOUT));
                            }
                        })),
                new Stage("deploy-service", "the headless Service that names every broker",
                        report -> new DeployServiceStep(client, report).run(cluster)),
                new Stage("deploy-petset", "the " + brokers + " brokers, until every one is ready",
                        report -> new DeployPetSetStep(client, report).run(cluster, waiting)),
                new Stage("check-zookeeper", "every broker is registered in ZooKeeper",
                        report -> passes(report, () -> {
                            try (KubernetesZooKeeper target = KubernetesZooKeeper.open(kube, cluster.statefulSetName())) {
                                return ZooKeeperCheck.run(target, new ZooKeeperCheck.Settings(null, CHECK_TIMEOUT));
                            }
                        })),
                new Stage("smoke-produce", "the cluster takes writes with acks=all and gives every one back",
                        report -> passes(report, () -> {
                            try (KubernetesKafka target = KubernetesKafka.open(kube, cluster.statefulSetName())) {
                                return SmokeTest.run(target, smoke);
                            }
                        })));
    }

    private interface Check {
        CheckReport run() throws Exception;
    }

    /** Prints the check's findings; an unhealthy result stops the bring-up with its problems. */
    private static void passes(Report report, Check check) {
        CheckReport result;
        try {
            result = check.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        result.text().lines().forEach(report::line);
        if (!result.healthy()) {
            throw new ToolException(result.exitCode(), String.join("; ", result.problems()));
        }
    }

    private BringUpStages() {}
}
