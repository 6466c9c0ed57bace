package dev.kafkapetset.kube;

import dev.kafkapetset.cli.Toolkit;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.model.Dns1123;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The Kubernetes connection options, with the meaning kubectl gives them. */
public class KubeOptions {
    static final String DEFAULT_NAMESPACE = "default";

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME",
            description = "Kubeconfig context (default: the current context).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAME",
            description = "Namespace (default: the context's namespace, else default).")
    String namespace;

    /** The namespace given with {@code -n}, validated; null when the context decides. */
    public String requestedNamespace() {
        return namespace == null ? null : Dns1123.requireLabel("namespace", namespace);
    }

    /**
     * The namespace kubectl would use, worked out without contacting anything: {@code -n}, else the
     * context's, else default. Dry runs use it when there is no cluster at all.
     */
    public String namespace() {
        String requested = requestedNamespace();
        if (requested != null) {
            return requested;
        }
        List<File> files = kubeconfigFiles();
        if (files.isEmpty()) {
            return DEFAULT_NAMESPACE;
        }
        String fromContext = config().getNamespace();
        return fromContext != null ? fromContext : DEFAULT_NAMESPACE;
    }

    /**
     * Resolves the connection as kubectl would, failing with a one-line reason (exit 3) when there is
     * no kubeconfig or no such context. Contacts nothing.
     */
    public Config config() {
        String requested = requestedNamespace();
        List<File> files = kubeconfigFiles();
        if (files.isEmpty() && System.getenv("KUBERNETES_SERVICE_HOST") == null) {
            throw ToolException.unreachable("no kubeconfig found: set KUBECONFIG or pass --kubeconfig"
                    + " (looked for " + String.join(", ", Config.getKubeconfigFilenames()) + ")", null);
        }
        if (context != null) {
            requireContext(files);
        }
        Config resolved = kubeconfig != null
                ? Config.fromKubeconfig(context, kubeconfig.toFile())
                : Config.autoConfigure(context);
        String effectiveNamespace = requested != null ? requested
                : resolved.getNamespace() != null ? resolved.getNamespace() : DEFAULT_NAMESPACE;
        return new ConfigBuilder(resolved)
                .withNamespace(effectiveNamespace)
                // The API server's audit log then says which of its clients changed what.
                .withUserAgent(Toolkit.NAME + "/" + Toolkit.VERSION)
                // Fail fast when the server is down: an operator is waiting at the prompt.
                .withConnectionTimeout(5_000)
                .withRequestRetryBackoffLimit(1)
                .build();
    }

    /** The cluster as an operator recognises it: its context, API server and namespace. Contacts nothing. */
    public String describe() {
        Config config = config();
        String contextName = config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
        return (contextName == null ? "" : "context " + contextName + ", ") + config.getMasterUrl() + ", namespace "
                + config.getNamespace();
    }

    /** Whether there is a cluster to reach: a kubeconfig file, or a pod's service account. Contacts nothing. */
    public boolean hasCluster() {
        return !kubeconfigFiles().isEmpty() || System.getenv("KUBERNETES_SERVICE_HOST") != null;
    }

    public KubernetesClient connect() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    private List<File> kubeconfigFiles() {
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig)) {
                throw ToolException.usage("--kubeconfig " + kubeconfig + ": no such file");
            }
            return List.of(readable(kubeconfig.toFile()));
        }
        List<File> existing = new ArrayList<>();
        for (String name : Config.getKubeconfigFilenames()) {
            File file = new File(name);
            if (file.isFile()) {
                existing.add(readable(file));
            }
        }
        return existing;
    }

    /** {@code file}, if it reads as a kubeconfig; else a usage error naming it and what is wrong. */
    private static File readable(File file) {
        try {
            KubeConfigUtils.parseConfig(file);
            return file;
        } catch (RuntimeException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            throw ToolException.usage(file + " is not a kubeconfig: " + reason);
        }
    }

    private void requireContext(List<File> files) {
        List<String> known = new ArrayList<>();
        for (File file : files) {
            for (NamedContext named : KubeConfigUtils.parseConfig(file).getContexts()) {
                known.add(named.getName());
            }
        }
        if (!known.contains(context)) {
            throw ToolException.unreachable("context '" + context + "' is not in the kubeconfig"
                    + (known.isEmpty() ? "" : " (it has: " + String.join(", ", known) + ")"), null);
        }
    }
}
