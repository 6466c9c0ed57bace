package dev.kafkapetset.testkit.confluent;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/** A container's files for the image scripts' checks alone: some files by path, and who may write what. */
record ImageFiles(Map<String, String> files, Consumer<String> writable) implements ContainerFiles {
    /** No files; every directory writable, for configurations the directory checks are not about. */
    static final ImageFiles ANYWHERE = new ImageFiles(Map.of(), directory -> {});

    static ImageFiles with(Map<String, String> files) {
        return new ImageFiles(files, ANYWHERE.writable());
    }

    /** The image's own directories, as {@code user} may write them. */
    static ImageFiles writableBy(ContainerUser user) {
        return new ImageFiles(Map.of(), directory -> ConfluentImage.directory(directory).requireWritableBy(user, directory));
    }

    @Override
    public void requireWritable(String directory) {
        writable.accept(directory);
    }

    @Override
    public boolean exists(String path) {
        return files.containsKey(path);
    }

    @Override
    public byte[] read(String path) {
        if (!exists(path)) {
            throw new IllegalStateException("cat: " + path + ": No such file or directory");
        }
        return files.get(path).getBytes(StandardCharsets.UTF_8);
    }
}
