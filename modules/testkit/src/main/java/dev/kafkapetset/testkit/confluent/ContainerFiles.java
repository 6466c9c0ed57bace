package dev.kafkapetset.testkit.confluent;

/**
 * The container's files as the images' start-up scripts test and read them: {@code dub path
 * <path> writable}, {@code dub path <path> exists}, and {@code cat}. Paths are the container's.
 */
interface ContainerFiles {
    /** {@code dub path <directory> writable}: throws with the reason when the container's user may not write it. */
    void requireWritable(String directory);

    /** {@code dub path <path> exists}. */
    boolean exists(String path);

    /** What {@code cat <path>} prints; throws with {@code cat}'s message when it can't be read. */
    byte[] read(String path);
}
