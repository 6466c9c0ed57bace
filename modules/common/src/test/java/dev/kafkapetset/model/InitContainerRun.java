package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs an init container's command here, exactly as its manifest has it, with a stand-in for the
 * image's tool on the PATH: a test reads what the tool was given.
 */
final class InitContainerRun {

    record Result(int exitCode, String out) {}

    /**
     * Runs {@code container} with {@code tool} (a bash script) as the image's {@code toolName}; an
     * environment variable the manifest takes from elsewhere (a Secret, a ConfigMap, the pod) gets
     * what {@code valueFrom} gives it, and {@code overrides} replace what the test keeps elsewhere.
     */
    static Result run(Container container, Path directory, String toolName, String tool,
            Function<EnvVar, String> valueFrom, Map<String, String> overrides) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path script = bin.resolve(toolName);
        Files.writeString(script, "#!/usr/bin/env bash\n" + tool);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder(container.getCommand()).redirectErrorStream(true);
        builder.command().addAll(container.getArgs());
        Map<String, String> env = builder.environment();
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), variable.getValue() != null ? variable.getValue() : valueFrom.apply(variable));
        }
        env.putAll(overrides);
        env.put("PATH", bin + ":" + env.get("PATH"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out);
    }

    private InitContainerRun() {}
}
