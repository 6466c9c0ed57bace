package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: the service links of the namespace's
 * services, then {@code envFrom}, then {@code env} in order, with {@code $(VAR)} references expanded
 * and the downward API, ConfigMap and Secret references resolved. A reference to a Secret or
 * ConfigMap, or to a key of one, that is not there (and not {@code optional}) is the kubelet's
 * {@link ContainerConfigError}, with its message.
 */
final class ContainerEnvironment {
    private static final Pattern LABEL_OR_ANNOTATION = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([^)]+)\\)");

    private final StandInController cluster;
    private final Pod pod;
    private final String podIp;
    private final Node node;

    ContainerEnvironment(StandInController cluster, Pod pod, String podIp, Node node) {
        this.cluster = cluster;
        this.pod = pod;
        this.podIp = podIp;
        this.node = node;
    }

    Map<String, String> of(Container container, List<Service> services) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks())) {
            services.stream()
                    .filter(service -> namespace().equals(service.getMetadata().getNamespace()))
                    .forEach(service -> addServiceLinks(service, env));
        }
        for (EnvFromSource source : container.getEnvFrom()) {
            String prefix = Objects.requireNonNullElse(source.getPrefix(), "");
            KeyedData data = source.getConfigMapRef() != null
                    ? referenced(KeyedData.CONFIG_MAP, source.getConfigMapRef().getName(), source.getConfigMapRef().getOptional())
                    : referenced(KeyedData.SECRET, source.getSecretRef().getName(), source.getSecretRef().getOptional());
            if (data != null) {
                data.texts().forEach((key, value) -> env.put(prefix + key, value));
            }
        }
        for (EnvVar variable : container.getEnv()) {
            String value = variable.getValueFrom() == null
                    ? expand(Objects.requireNonNullElse(variable.getValue(), ""), env)
                    : valueFrom(variable.getValueFrom());
            if (value != null) {
                env.put(variable.getName(), value);
            }
        }
        return env;
    }

    /** What Docker links once set and Kubernetes still does: {@code KAFKA_PORT=tcp://10.96.0.1:9092} and kin. */
    private static void addServiceLinks(Service service, Map<String, String> env) {
        String clusterIp = service.getSpec().getClusterIP();
        if (clusterIp == null || clusterIp.isEmpty() || "None".equals(clusterIp) || service.getSpec().getPorts().isEmpty()) {
            return;
        }
        String prefix = service.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
        ServicePort first = service.getSpec().getPorts().get(0);
        env.put(prefix + "_SERVICE_HOST", clusterIp);
        env.put(prefix + "_SERVICE_PORT", Integer.toString(first.getPort()));
        env.put(prefix + "_PORT", protocol(first) + "://" + clusterIp + ":" + first.getPort());
        for (ServicePort port : service.getSpec().getPorts()) {
            if (port.getName() != null && !port.getName().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + port.getName().toUpperCase(Locale.ROOT).replace('-', '_'), Integer.toString(port.getPort()));
            }
            String link = prefix + "_PORT_" + port.getPort() + "_" + protocol(port).toUpperCase(Locale.ROOT);
            env.put(link, protocol(port) + "://" + clusterIp + ":" + port.getPort());
            env.put(link + "_PROTO", protocol(port));
            env.put(link + "_PORT", Integer.toString(port.getPort()));
            env.put(link + "_ADDR", clusterIp);
        }
    }

    private static String protocol(ServicePort port) {
        return Objects.requireNonNullElse(port.getProtocol(), "TCP").toLowerCase(Locale.ROOT);
    }

    /** Expands {@code $(VAR)} with the variables defined so far; {@code $$} is a literal {@code $}; unknown names stay. */
    static String expand(String value, Map<String, String> defined) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            String replacement = reference.group(1) == null ? "$"
                    : defined.getOrDefault(reference.group(1), reference.group());
            reference.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        reference.appendTail(expanded);
        return expanded.toString();
    }

    private String valueFrom(EnvVarSource source) {
        if (source.getFieldRef() != null) {
            return field(source.getFieldRef().getFieldPath());
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            return key(KeyedData.CONFIG_MAP, ref.getName(), ref.getKey(), ref.getOptional());
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            return key(KeyedData.SECRET, ref.getName(), ref.getKey(), ref.getOptional());
        }
        return null;
    }

    /** A key's value; null (no variable) when it, or its object, is missing and optional. */
    private String key(String kind, String name, String key, Boolean optional) {
        KeyedData data = referenced(kind, name, optional);
        if (data == null) {
            return null;
        }
        if (!data.values().containsKey(key)) {
            if (Boolean.TRUE.equals(optional)) {
                return null;
            }
            throw new ContainerConfigError("couldn't find key " + key + " in " + kind + " " + namespace() + "/" + name);
        }
        return data.text(key);
    }

    private String field(String path) {
        Matcher keyed = LABEL_OR_ANNOTATION.matcher(path);
        if (keyed.matches()) {
            Map<String, String> map = "labels".equals(keyed.group(1)) ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
            return map == null ? null : map.get(keyed.group(2));
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> namespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> node.getMetadata().getName();
            case "spec.serviceAccountName" -> Objects.requireNonNullElse(pod.getSpec().getServiceAccountName(), "default");
            case "status.podIP", "status.podIPs" -> podIp;
            case "status.hostIP", "status.hostIPs" -> StandInNodes.internalIp(node);
            default -> throw new IllegalArgumentException("unsupported fieldRef " + path);
        };
    }

    /** The Secret or ConfigMap {@code name}; null when it is missing and optional. */
    private KeyedData referenced(String kind, String name, Boolean optional) {
        KeyedData data = cluster.keyedData(kind, namespace(), name);
        if (data == null && !Boolean.TRUE.equals(optional)) {
            throw new ContainerConfigError(KeyedData.notFound(kind, name));
        }
        return data;
    }

    private String namespace() {
        return pod.getMetadata().getNamespace();
    }
}
