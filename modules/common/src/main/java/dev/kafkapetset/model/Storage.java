package dev.kafkapetset.model;

/** Where the brokers' data lives: hostPath volumes we create (Minikube), or a storage class's. */
public sealed interface Storage {

    /** Capacity of each broker's volume, as a Kubernetes quantity ("1Gi"). */
    String size();

    /** The class the data claims ask for. */
    String claimStorageClassName();

    /**
     * PersistentVolumes we create, one per broker, under {@code baseDirectory} on the node. They
     * and the claims use the empty class name, which keeps a default storage class away from them.
     */
    record HostPath(String baseDirectory, String size) implements Storage {
        @Override
        public String claimStorageClassName() {
            return "";
        }
    }

    /** Volumes the cluster's provisioner creates for the claims: nothing for us to create. */
    record Provisioned(String storageClass, String size) implements Storage {
        @Override
        public String claimStorageClassName() {
            return storageClass;
        }
    }
}
