package dev.kafkapetset.model;

/** The toolkit's own ZooKeeper ensemble, when the cluster has no ZooKeeper of its own. */
public record EnsembleSpec(int replicas, String image, Storage storage) {}
