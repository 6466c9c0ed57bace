package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the brokers and the ZooKeeper servers have in common: a StatefulSet of a Confluent image run
 * as its non-root user, with claims on hostPath or provisioned volumes, spread across nodes, one pod
 * at a time allowed down. Names of pods, claims and volumes are made here and nowhere else.
 */
final class StatefulWorkload {
    /** The uid and gid of the Confluent images' user (appuser). */
    static final long IMAGE_USER = 1000;
    /** The Confluent images' own entrypoint, which the start-up wrappers hand over to. */
    static final String IMAGE_ENTRYPOINT = "/etc/confluent/docker/run";
    static final String POD_NAME_ENV = "POD_NAME";
    static final String POD_NAMESPACE_ENV = "POD_NAMESPACE";
    /** Labels PersistentVolumes (cluster-wide) with the namespace of the pods they serve. */
    static final String VOLUME_NAMESPACE_LABEL = "kafka-petset/namespace";

    /** A volume claim of each pod, and where the container mounts it. */
    record Claim(String name, String mountPath) {}

    private final String name;
    private final String namespace;
    private final Labels labels;
    private final Storage storage;
    private final List<Claim> claims;

    StatefulWorkload(String name, String namespace, Labels labels, Storage storage, List<Claim> claims) {
        this.name = name;
        this.namespace = namespace;
        this.labels = labels;
        this.storage = storage;
        this.claims = claims;
    }

    String podName(int ordinal) {
        return name + "-" + ordinal;
    }

    /** The claim the StatefulSet makes: {@code <template>-<statefulset>-<ordinal>}. */
    String claimName(Claim claim, int ordinal) {
        return claim.name() + "-" + podName(ordinal);
    }

    /** PersistentVolumes are cluster-wide: the namespace keeps two clusters of one name apart. */
    String volumeName(Claim claim, int ordinal) {
        return namespace + "-" + claimName(claim, ordinal);
    }

    /** The names of the hostPath volumes of pod {@code ordinal}; none when provisioned. */
    List<String> volumeNames(int ordinal) {
        return storage instanceof Storage.HostPath ? claims.stream().map(claim -> volumeName(claim, ordinal)).toList() : List.of();
    }

    String hostPath(Storage.HostPath hostPath, Claim claim, int ordinal) {
        return hostPath.baseDirectory() + "/" + namespace + "/" + claimName(claim, ordinal);
    }

    Map<String, String> volumeSelector() {
        Map<String, String> selector = labels.selector();
        selector.put(VOLUME_NAMESPACE_LABEL, namespace);
        return selector;
    }

    /**
     * The hostPath volumes of ordinals {@code from} (inclusive) to {@code to}, each pinned to the node
     * {@code nodes} gives its ordinal (a pod's volumes share its node); none when provisioned.
     */
    List<PersistentVolume> volumes(int from, int to, VolumeNodes.OfOrdinal nodes) {
        List<PersistentVolume> volumes = new ArrayList<>();
        if (storage instanceof Storage.HostPath hostPath) {
            for (int ordinal = from; ordinal < to; ordinal++) {
                Optional<String> node = nodes.node(name, ordinal);
                for (Claim claim : claims) {
                    PersistentVolume volume = volume(hostPath, claim, ordinal);
                    volumes.add(node.map(pinned -> VolumeNodes.pinned(volume, pinned)).orElse(volume));
                }
            }
        }
        return volumes;
    }

    private PersistentVolume volume(Storage.HostPath hostPath, Claim claim, int ordinal) {
        Map<String, String> volumeLabels = labels.all();
        volumeLabels.put(VOLUME_NAMESPACE_LABEL, namespace);
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                    .withName(volumeName(claim, ordinal))
                    .withLabels(volumeLabels)
                .endMetadata()
                .withNewSpec()
                    .addToCapacity("storage", new Quantity(hostPath.size()))
                    .withAccessModes("ReadWriteOnce")
                    // Retain, not the seed's Recycle: deleting a claim must never wipe the data.
                    .withPersistentVolumeReclaimPolicy("Retain")
                    .withStorageClassName(hostPath.claimStorageClassName())
                    // Bound in advance to the claim the StatefulSet will make for this ordinal.
                    .withNewClaimRef()
                        .withNamespace(namespace)
                        .withName(claimName(claim, ordinal))
                    .endClaimRef()
                    .withNewHostPath()
                        .withPath(hostPath(hostPath, claim, ordinal))
                        .withType("DirectoryOrCreate")
                    .endHostPath()
                .endSpec()
                .build();
    }

    /**
     * The StatefulSet around {@code container}, whose volume mounts are the claims, after
     * {@code checks}, init containers that see the same mounts. Pods start in
     * parallel: brokers find each other through ZooKeeper, and ZooKeeper servers are ready only once
     * they have a quorum, which ordered start-up would never let them reach.
     */
    StatefulSet statefulSet(String serviceName, int replicas, String image, Container container, List<Container> checks,
            Security security, List<Volume> secrets) {
        List<Container> initContainers = new ArrayList<>(dataPermissions(image));
        checks.forEach(check -> initContainers.add(new ContainerBuilder(check)
                .withSecurityContext(restricted())
                .withVolumeMounts(mounts(check))
                .build()));
        ObjectMeta metadata = metadata(name);
        metadata.setAnnotations(new TreeMap<>(Map.of(Security.ANNOTATION, security.word())));
        return new StatefulSetBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                    .withNewSelector()
                        .withMatchLabels(labels.selector())
                    .endSelector()
                    .withServiceName(serviceName)
                    .withReplicas(replicas)
                    .withNewUpdateStrategy()
                        // Pods change only when the toolkit's roll restarts them, one at a time and only when safe:
                        // the controller's rolling update moves on as soon as a pod is ready, not in sync.
                        .withType("OnDelete")
                    .endUpdateStrategy()
                    .withPodManagementPolicy("Parallel")
                    .withNewPersistentVolumeClaimRetentionPolicy()
                        .withWhenDeleted("Retain")
                        .withWhenScaled("Retain")
                    .endPersistentVolumeClaimRetentionPolicy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(labels.pod(KafkaCluster.tagOf(image)))
                        .endMetadata()
                        .withNewSpec()
                            // Service links would put e.g. KAFKA_PORT or ZOOKEEPER_PORT in the
                            // environment, which the Confluent images read as settings.
                            .withEnableServiceLinks(false)
                            .withTerminationGracePeriodSeconds(60L)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser(IMAGE_USER)
                                .withRunAsGroup(IMAGE_USER)
                                // Makes provisioned volumes writable by the image's user.
                                .withFsGroup(IMAGE_USER)
                                .withNewSeccompProfile()
                                    .withType("RuntimeDefault")
                                .endSeccompProfile()
                            .endSecurityContext()
                            .withNewAffinity()
                                .withNewPodAntiAffinity()
                                    .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                                        .withWeight(100)
                                        .withNewPodAffinityTerm()
                                            .withTopologyKey("kubernetes.io/hostname")
                                            .withNewLabelSelector()
                                                .withMatchLabels(labels.selector())
                                            .endLabelSelector()
                                        .endPodAffinityTerm()
                                    .endPreferredDuringSchedulingIgnoredDuringExecution()
                                .endPodAntiAffinity()
                            .endAffinity()
                            .withInitContainers(initContainers)
                            .withContainers(new ContainerBuilder(container)
                                    .withSecurityContext(restricted())
                                    .withVolumeMounts(mounts(container))
                                    .build())
                            .withVolumes(secrets)
                        .endSpec()
                    .endTemplate()
                    .withVolumeClaimTemplates(claimTemplates())
                .endSpec()
                .build();
    }

    /**
     * fsGroup doesn't apply to hostPath volumes, which the kubelet creates owned by root: hand the
     * directories to the image's user, with CHOWN as the only privilege.
     */
    private List<Container> dataPermissions(String image) {
        if (!(storage instanceof Storage.HostPath)) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of("chown", IMAGE_USER + ":" + IMAGE_USER));
        claims.forEach(claim -> command.add(claim.mountPath()));
        return List.of(new ContainerBuilder()
                .withName("data-permissions")
                .withImage(image)
                // The image's working directory, /home/appuser, is closed to root without DAC_OVERRIDE.
                .withWorkingDir("/")
                .withCommand(command)
                .withNewSecurityContext()
                    .withRunAsUser(0L)
                    .withRunAsNonRoot(false)
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities()
                        .withDrop("ALL")
                        .withAdd("CHOWN")
                    .endCapabilities()
                .endSecurityContext()
                .withNewResources()
                    .addToRequests("cpu", new Quantity("10m"))
                    .addToRequests("memory", new Quantity("16Mi"))
                    .addToLimits("memory", new Quantity("64Mi"))
                .endResources()
                .withVolumeMounts(mounts())
                .build());
    }

    private static SecurityContext restricted() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                    .withDrop("ALL")
                .endCapabilities()
                .build();
    }

    private List<VolumeMount> mounts() {
        return claims.stream()
                .map(claim -> new VolumeMountBuilder().withName(claim.name()).withMountPath(claim.mountPath()).build())
                .toList();
    }

    /** The claims' mounts, then the container's own (its Secrets'). */
    private List<VolumeMount> mounts(Container container) {
        List<VolumeMount> all = new ArrayList<>(mounts());
        all.addAll(container.getVolumeMounts());
        return all;
    }

    /** A Secret as a pod volume of the same name: files readable by the image's user (fsGroup) and no one else. */
    static Volume secretVolume(String secret) {
        return new VolumeBuilder()
                .withName(secret)
                .withNewSecret()
                    .withSecretName(secret)
                    .withDefaultMode(0440)
                .endSecret()
                .build();
    }

    /** Where a container reads Secret {@code secret}: read-only, as Secret volumes are. */
    static VolumeMount secretMount(String secret, String directory) {
        return new VolumeMountBuilder().withName(secret).withMountPath(directory).withReadOnly(true).build();
    }

    private List<PersistentVolumeClaim> claimTemplates() {
        return claims.stream()
                .map(claim -> new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                            .withName(claim.name())
                            // The claims made from it carry these: teardown finds them as ours.
                            .withLabels(labels.all())
                        .endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withStorageClassName(storage.claimStorageClassName())
                            .withNewResources()
                                .addToRequests("storage", new Quantity(storage.size()))
                            .endResources()
                        .endSpec()
                        .build())
                .toList();
    }

    /**
     * Headless: no virtual IP, a DNS record per pod, published before the pod is ready, as the pods
     * must resolve each other while they start (brokers to find their peers, ZooKeeper servers to
     * elect a leader), before any of them is ready.
     */
    Service headlessService(String serviceName, ServicePort... ports) {
        return new ServiceBuilder()
                .withMetadata(metadata(serviceName))
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(labels.selector())
                    .withPorts(ports)
                .endSpec()
                .build();
    }

    /** A Service port leading to the container port of the same name. */
    static ServicePort namedPort(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(name)).build();
    }

    /** The metadata of one of this workload's objects: {@code objectName} in its namespace, with its labels. */
    ObjectMeta metadata(String objectName) {
        return new ObjectMetaBuilder().withName(objectName).withNamespace(namespace).withLabels(labels.all()).build();
    }

    /**
     * The names pod {@code pod} of headless Service {@code service} in {@code namespace} answers to, the
     * fully qualified one first (what a certificate of it must name), and {@code localhost}.
     */
    static List<String> podDnsNames(String pod, String service, String namespace) {
        String host = pod + "." + service + "." + namespace + ".svc";
        return List.of(host, host + ".cluster.local", pod + "." + service + "." + namespace, pod + "." + service, "localhost");
    }

    /** NetworkPolicy {@code name} that lets into this workload's pods only what {@code rules} allow. */
    NetworkPolicy ingressPolicy(String name, List<NetworkPolicyIngressRule> rules) {
        return new NetworkPolicyBuilder()
                .withMetadata(metadata(name))
                .withNewSpec()
                    .withNewPodSelector()
                        .withMatchLabels(labels.selector())
                    .endPodSelector()
                    .withPolicyTypes("Ingress")
                    .withIngress(rules)
                .endSpec()
                .build();
    }

    /**
     * A NetworkPolicy rule: TCP {@code ports} from the pods of this namespace with {@code labels}
     * (every pod of it when empty).
     */
    static NetworkPolicyIngressRule ingress(Map<String, String> labels, int... ports) {
        NetworkPolicyIngressRuleBuilder rule = new NetworkPolicyIngressRuleBuilder()
                .addNewFrom()
                    .withNewPodSelector()
                        .withMatchLabels(labels)
                    .endPodSelector()
                .endFrom();
        for (int port : ports) {
            rule.addNewPort().withProtocol("TCP").withPort(new IntOrString(port)).endPort();
        }
        return rule.build();
    }

    /** At most one pod down at a time for voluntary disruptions (drains, upgrades). */
    PodDisruptionBudget podDisruptionBudget() {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(metadata(name))
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(1))
                    .withNewSelector()
                        .withMatchLabels(labels.selector())
                    .endSelector()
                .endSpec()
                .build();
    }

    /**
     * A start-up wrapper: {@code bash -c SCRIPT PROGRAM}, the container's args (the image's
     * entrypoint) becoming the script's "$@". The script first takes the pod's ordinal from its
     * name, then runs {@code body}, then hands over.
     */
    static List<String> startupCommand(String program, String body) {
        String script = """
                ordinal="${%1$s##*-}"
                case "$ordinal" in
                  ''|*[!0-9]*) echo "%2$s: can't take an ordinal from pod name '${%1$s}'" >&2; exit 1 ;;
                esac
                %3$s
                exec "$@"
                """.formatted(POD_NAME_ENV, program, body.strip());
        return List.of("bash", "-c", script, program);
    }

    /** The pod's own name and namespace, as its start-up wrapper reads them. */
    static List<EnvVar> podIdentity() {
        return List.of(fieldRef(POD_NAME_ENV, "metadata.name"), fieldRef(POD_NAMESPACE_ENV, "metadata.namespace"));
    }

    static EnvVar value(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** Variable {@code name} from key {@code key} of Secret {@code secret}: the value never shows in the pod spec. */
    static EnvVar secret(String name, String secret, String key) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                    .withNewSecretKeyRef()
                        .withName(secret)
                        .withKey(key)
                    .endSecretKeyRef()
                .endValueFrom()
                .build();
    }

    private static EnvVar fieldRef(String name, String fieldPath) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                    .withNewFieldRef()
                        .withFieldPath(fieldPath)
                    .endFieldRef()
                .endValueFrom()
                .build();
    }
}
