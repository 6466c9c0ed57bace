package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
 * and the downward API, ConfigMap and Secret references resolved.
 */
final class ContainerEnvironment {
    private static final Pattern LABEL_OR_ANNOTATION = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([^)]+)\\)");

    private final KubernetesClient client;
    private final Pod pod;
    private final String podIp;

    ContainerEnvironment(KubernetesClient client, Pod pod, String podIp) {
        this.client = client;
        this.pod = pod;
        this.podIp = podIp;
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
            Map<String, String> data = source.getConfigMapRef() != null
                    ? configMap(source.getConfigMapRef().getName(), source.getConfigMapRef().getOptional())
                    : secret(source.getSecretRef().getName(), source.getSecretRef().getOptional());
            data.forEach((key, value) -> env.put(prefix + key, value));
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
            return configMap(ref.getName(), ref.getOptional()).get(ref.getKey());
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            return secret(ref.getName(), ref.getOptional()).get(ref.getKey());
        }
        return null;
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
            case "spec.nodeName" -> Kubelet.NODE_NAME;
            case "spec.serviceAccountName" -> Objects.requireNonNullElse(pod.getSpec().getServiceAccountName(), "default");
            case "status.podIP", "status.podIPs" -> podIp;
            case "status.hostIP", "status.hostIPs" -> Kubelet.HOST_IP;
            default -> throw new IllegalArgumentException("unsupported fieldRef " + path);
        };
    }

    private Map<String, String> configMap(String name, Boolean optional) {
        ConfigMap configMap = client.configMaps().inNamespace(namespace()).withName(name).get();
        if (configMap == null) {
            return missing("configmap", name, optional);
        }
        return Objects.requireNonNullElse(configMap.getData(), Map.of());
    }

    private Map<String, String> secret(String name, Boolean optional) {
        Secret secret = client.secrets().inNamespace(namespace()).withName(name).get();
        if (secret == null) {
            return missing("secret", name, optional);
        }
        Map<String, String> decoded = new LinkedHashMap<>(Objects.requireNonNullElse(secret.getStringData(), Map.of()));
        Objects.requireNonNullElse(secret.getData(), Map.<String, String>of()).forEach((key, value) ->
                decoded.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return decoded;
    }

    private static Map<String, String> missing(String kind, String name, Boolean optional) {
        if (Boolean.TRUE.equals(optional)) {
            return Map.of();
        }
        // The kubelet reports CreateContainerConfigError; here the start fails and is retried.
        throw new IllegalStateException(kind + " \"" + name + "\" not found");
    }

    private String namespace() {
        return pod.getMetadata().getNamespace();
    }
}
