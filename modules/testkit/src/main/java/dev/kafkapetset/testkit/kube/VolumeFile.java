package dev.kafkapetset.testkit.kube;

/**
 * A file the kubelet writes into a Secret or ConfigMap volume: its path in the volume, its bytes,
 * and its mode ({@code items[].mode}, else the volume's {@code defaultMode}, else 0644).
 */
public record VolumeFile(String path, byte[] content, int mode) {}
