/**
 * A stand-in Kubernetes cluster for tests: the fabric8 mock API server with the controllers,
 * scheduler and kubelet a real cluster runs, generic (they read what is in the objects).
 *
 * <pre>{@code
 * try (StandInCluster cluster = StandInCluster.start()) {          // pods Ready 100 ms after start
 *     KubernetesClient client = cluster.client();                   // or: a script with --kubeconfig
 *     runScript("--kubeconfig", cluster.kubeconfig().toString());   //     cluster.kubeconfig()
 *     cluster.controller().holdNotReady("kafka-2", "Unhealthy", "Readiness probe failed: ...");
 *     client.apps().statefulSets().withName("kafka").scale(3);
 *     // kafka-2 stays Running, not Ready, with a Warning Event; readyReplicas stays 2
 *     cluster.controller().release("kafka-2");
 * }
 *
 * // Real servers per pod: start them from the pod's spec, say where they serve their ports.
 * StandInCluster cluster = StandInCluster.start(pod -> {
 *     int id = pod.ordinal().getAsInt() + 1;
 *     String connect = pod.env().get("KAFKA_ZOOKEEPER_CONNECT"); // resolve hosts with pod.resolve(host, port)
 *     MyBroker broker = MyBroker.start(id, connect);
 *     return new RunningPod() {
 *         public ProbeResult readiness() { return broker.registered() ? ProbeResult.READY : ProbeResult.STARTING; }
 *         public Optional<InetSocketAddress> address(int port) {
 *             return port == pod.port("kafka") ? Optional.of(broker.address()) : Optional.empty();
 *         }
 *         public void close() { broker.stop(); }
 *     };
 * });
 * }</pre>
 *
 * <p>{@link dev.kafkapetset.testkit.confluent.ConfluentPodRuntime} is such a runtime for the pods of
 * Confluent's ZooKeeper and Kafka images, configured from the pods' specs alone.
 */
package dev.kafkapetset.testkit.kube;
