package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A Kubernetes cluster for tests: the fabric8 mock API server in CRUD mode over HTTPS on a local
 * port, with the {@link StandInController stand-in controllers} playing the cluster's part, and a
 * kubeconfig file so that another process (a script) can connect with {@code --kubeconfig}.
 * Port-forwards to pods reach what their {@link RunningPod} serves.
 *
 * <p>It holds the namespaces {@value #NAMESPACE} and {@value #TEAM_NAMESPACE}, and a default
 * StorageClass {@value #STORAGE_CLASS} (as minikube and kind have): a claim that names no class
 * gets it and is provisioned, so a claim meant for a hand-made, class-less volume must say
 * {@code storageClassName: ""}, as on those clusters.
 */
public final class StandInCluster implements AutoCloseable {
    /** The kubeconfig's current context: this cluster, namespace {@value #NAMESPACE}. */
    public static final String CONTEXT = "stand-in";
    /** A second context on this cluster, namespace {@value #TEAM_NAMESPACE}, for {@code --context}. */
    public static final String TEAM_CONTEXT = "stand-in-team";
    /** A context whose server refuses connections, for "cluster unreachable" paths. */
    public static final String UNREACHABLE_CONTEXT = "unreachable";
    /** A context whose server takes connections and never answers. */
    public static final String SILENT_CONTEXT = "silent";
    /** A context that does not trust the API server's certificate (it names no certificate authority). */
    public static final String UNTRUSTED_CONTEXT = "untrusted";
    public static final String NAMESPACE = "default";
    public static final String TEAM_NAMESPACE = "team";
    public static final String STORAGE_CLASS = "standard";
    /** The provisioner named by {@value #STORAGE_CLASS}, as {@code pv.kubernetes.io/provisioned-by} shows it. */
    public static final String PROVISIONER = "stand-in.kafka-petset.dev/hostpath";
    /** The toolkit's user agent, as its clients send it: {@code kafka-petset/<version>}. */
    static final String TOOLKIT_USER_AGENT = "kafka-petset/";
    /** How long the default runtime takes to turn a started pod Ready. */
    public static final Duration READY_AFTER = Duration.ofMillis(100);

    // Held here: java.util.logging keeps loggers weakly, and would drop the level set on them.
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

    private final KubernetesMockServer server;
    private final SilentServer silent = SilentServer.start();
    private volatile boolean apiServerStopped;
    private final Path directory;
    private final Path kubeconfig;
    private final KubernetesClient client;
    private final StandInController controller;
    private final WriteLog writes = new WriteLog(TOOLKIT_USER_AGENT);

    /** Starts a cluster whose pods start at once and turn Ready after {@link #READY_AFTER}. */
    public static StandInCluster start() {
        return start(PodRuntime.readyAfter(READY_AFTER));
    }

    /** Starts a cluster of one node whose pods the given runtime starts and probes. */
    public static StandInCluster start(PodRuntime runtime) {
        return start(runtime, StandInNodes.single());
    }

    /** Starts a cluster of {@code nodes} ({@link StandInNodes}) whose pods the given runtime starts and probes. */
    public static StandInCluster start(PodRuntime runtime, List<Node> nodes) {
        return new StandInCluster(runtime, nodes);
    }

    private StandInCluster(PodRuntime runtime, List<Node> nodes) {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        StandInDispatcher dispatcher = new StandInDispatcher(responses, writes);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses, dispatcher, true);
        server.start(InetAddress.getLoopbackAddress(), 0);
        try {
            directory = Files.createTempDirectory("stand-in-cluster");
            kubeconfig = writeKubeconfig(directory.resolve("kubeconfig"));
        } catch (IOException e) {
            server.shutdown();
            throw new UncheckedIOException(e);
        }
        // The controllers' informers hold a connection each: leave room for the test's own requests,
        // which would otherwise queue behind them past the 10 s connection time-out on a busy machine.
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.fromKubeconfig(null, kubeconfig.toFile()))
                .withMaxConcurrentRequests(256)
                .withMaxConcurrentRequestsPerHost(64)
                .build()).build();
        for (String namespace : new String[] {NAMESPACE, TEAM_NAMESPACE}) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
        client.storage().v1().storageClasses().resource(new StorageClassBuilder()
                .withNewMetadata()
                    .withName(STORAGE_CLASS)
                    .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
                .endMetadata()
                .withProvisioner(PROVISIONER)
                .withReclaimPolicy("Delete")
                .withVolumeBindingMode("Immediate")
                .build()).create();
        nodes.forEach(node -> client.nodes().resource(node).create());
        controller = new StandInController(client, runtime);
        dispatcher.forwardTo(controller);
    }

    /**
     * A client on the current context, as a script given {@link #kubeconfig()} would make; its
     * writes, like the stand-in controllers', are not among {@link #writes()}.
     */
    public KubernetesClient client() {
        return client;
    }

    /**
     * The writes the toolkit's clients sent (scripts and steps, known by their user agent), in order, as
     * {@code create persistentvolume/x}, {@code update statefulset.apps/kafka},
     * {@code update statefulset.apps/kafka/scale}, {@code delete service/kafka}.
     */
    public List<String> writes() {
        return writes.writes();
    }

    /** Forgets the writes logged so far. */
    public void clearWrites() {
        writes.clear();
    }

    /**
     * The kubeconfig file: contexts {@value #CONTEXT} (current), {@value #TEAM_CONTEXT},
     * {@value #UNREACHABLE_CONTEXT}, {@value #SILENT_CONTEXT} and {@value #UNTRUSTED_CONTEXT}.
     */
    public Path kubeconfig() {
        return kubeconfig;
    }

    public StandInController controller() {
        return controller;
    }

    /**
     * Answers every {@code GET} of {@code path} with 403 Forbidden, as RBAC does for a user without
     * that permission.
     */
    public void forbidGet(String path) {
        String resource = path.substring(path.lastIndexOf('/') + 1);
        server.expect().get().withPath(path).andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage("\"" + resource + "\" is forbidden: User \"stand-in-user\" cannot get it")
                .build()).always();
    }

    /** Stops the API server, as an outage would: every request from then on fails to connect. */
    public void stopApiServer() {
        if (!apiServerStopped) {
            apiServerStopped = true;
            shutdownServer();
        }
    }

    /** The API server's URL. */
    public String url() {
        return server.url("/").toString();
    }

    private void shutdownServer() {
        try {
            server.shutdown();
        } catch (IllegalStateException slow) {
            // Vert.x gives its server a few seconds to close; on a loaded machine that can pass while
            // the last connections drain. Everything the tests see is closed by now.
            if (!(slow.getCause() instanceof java.util.concurrent.TimeoutException)) {
                throw slow;
            }
        }
    }

    private Path writeKubeconfig(Path file) throws IOException {
        String authority = Base64.getEncoder().encodeToString(
                Files.readAllBytes(Path.of(server.getSelfSignedCertificate().certificatePath())));
        io.fabric8.kubernetes.api.model.Config config = new io.fabric8.kubernetes.api.model.ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster()
                    .withName(CONTEXT)
                    .withNewCluster().withServer(url()).withCertificateAuthorityData(authority).endCluster()
                .endCluster()
                .addNewCluster()
                    .withName(UNREACHABLE_CONTEXT)
                    // Port 1 (tcpmux) is closed on any machine that runs tests: connections are refused.
                    .withNewCluster().withServer("https://127.0.0.1:1").withCertificateAuthorityData(authority).endCluster()
                .endCluster()
                .addNewCluster()
                    .withName(SILENT_CONTEXT)
                    .withNewCluster().withServer("https://127.0.0.1:" + silent.port()).withCertificateAuthorityData(authority)
                    .endCluster()
                .endCluster()
                .addNewCluster()
                    .withName(UNTRUSTED_CONTEXT)
                    .withNewCluster().withServer(url()).endCluster()
                .endCluster()
                .addNewUser()
                    .withName("stand-in-admin")
                    .withNewUser().withToken("stand-in-token").endUser()
                .endUser()
                .addNewContext()
                    .withName(CONTEXT)
                    .withNewContext().withCluster(CONTEXT).withUser("stand-in-admin").withNamespace(NAMESPACE).endContext()
                .endContext()
                .addNewContext()
                    .withName(TEAM_CONTEXT)
                    .withNewContext().withCluster(CONTEXT).withUser("stand-in-admin").withNamespace(TEAM_NAMESPACE).endContext()
                .endContext()
                .addNewContext()
                    .withName(UNREACHABLE_CONTEXT)
                    .withNewContext().withCluster(UNREACHABLE_CONTEXT).withUser("stand-in-admin").withNamespace(NAMESPACE).endContext()
                .endContext()
                .addNewContext()
                    .withName(SILENT_CONTEXT)
                    .withNewContext().withCluster(SILENT_CONTEXT).withUser("stand-in-admin").withNamespace(NAMESPACE).endContext()
                .endContext()
                .addNewContext()
                    .withName(UNTRUSTED_CONTEXT)
                    .withNewContext().withCluster(UNTRUSTED_CONTEXT).withUser("stand-in-admin").withNamespace(NAMESPACE).endContext()
                .endContext()
                .withCurrentContext(CONTEXT)
                .build();
        KubeConfigUtils.persistKubeConfigIntoFile(config, file.toFile());
        return file;
    }

    @Override
    public void close() {
        controller.stop();
        client.close();
        silent.close();
        if (!apiServerStopped) {
            shutdownServer();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
