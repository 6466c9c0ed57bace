package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The images' tool scripts on an init container's PATH ({@code zookeeper-shell},
 * {@code kafka-configs}, {@code kafka-acls}, {@code kafka-storage}), run as the image runs them: {@code kafka-run-class}
 * with the tool's real main class (Kafka 3.9, ZooKeeper 3.8; {@code kafka-storage format} at the tag's
 * Kafka version, {@link ConfluentImage#formatArguments}), in a JVM of its own with the caller's
 * {@code $KAFKA_OPTS} ({@link JavaLauncher}), so that its ZooKeeper client authenticates with the
 * pod's JAAS file. Each script hands its arguments and those variables over a local socket to this
 * class, which answers with the command line the script then {@code exec}s: the same arguments,
 * with the addresses in them ({@code zookeeper-shell}'s connect string, {@code --zookeeper},
 * {@code --bootstrap-server}, {@code zookeeper.connect=} in {@code --authorizer-properties}) looked
 * up as the pod would ({@link ClusterAddresses}; while none of a list's hosts serves, it waits, as
 * the tools' clients retry), and paths on the container's volumes made local. Paths inside files a
 * tool reads (a {@code --command-config}) are not rewritten.
 *
 * <p>{@code zookeeper-shell <connect> get <path>} with no {@code KAFKA_OPTS} (the data check's
 * question) is answered in this JVM instead ({@link ZooKeeperShell}), which spares a JVM start.
 *
 * <p>One serves one container's run; closing it ends what it still serves.
 */
final class ImageTools implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration POLL = Duration.ofMillis(100);

    /** A tool script: the main class it runs, the words it puts before the caller's, and where those name addresses. */
    private enum Tool {
        ZOOKEEPER_SHELL("zookeeper-shell", "org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka", List.of("-server")),
        KAFKA_CONFIGS("kafka-configs", "kafka.admin.ConfigCommand", List.of()),
        KAFKA_ACLS("kafka-acls", "kafka.admin.AclCommand", List.of()),
        KAFKA_STORAGE("kafka-storage", "kafka.tools.StorageTool", List.of());

        private final String script;
        private final String mainClass;
        private final List<String> leadingArguments;

        Tool(String script, String mainClass, List<String> leadingArguments) {
            this.script = script;
            this.mainClass = mainClass;
            this.leadingArguments = leadingArguments;
        }

        static Tool named(String script) {
            for (Tool tool : values()) {
                if (tool.script.equals(script)) {
                    return tool;
                }
            }
            throw new IllegalArgumentException("no stand-in for " + script);
        }
    }

    private final ScheduledPod pod;
    private final String image;
    private final PodFiles files;
    private final JavaLauncher java;
    private final ServerSocket server;
    private final Set<Socket> callers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ImageTools(ScheduledPod pod, String image, PodFiles files, JavaLauncher java, ServerSocket server) {
        this.pod = pod;
        this.image = image;
        this.files = files;
        this.java = java;
        this.server = server;
    }

    /** Writes the tool scripts of {@code image} into {@code bin} and serves their calls. */
    static ImageTools serve(ScheduledPod pod, String image, PodFiles files, JavaLauncher java, Path bin) throws IOException {
        ImageTools tools = new ImageTools(pod, image, files, java, new ServerSocket(0, 50, LOOPBACK));
        for (Tool tool : Tool.values()) {
            Path script = bin.resolve(tool.script);
            // NUL-separated: the tool, its variables, the count of arguments, the arguments. Each line back says
            // where it goes, the last the exit code, or "exec <n>" followed by the n NUL-terminated words to run.
            Files.writeString(script, """
                    #!/usr/bin/env bash
                    exec 3<>/dev/tcp/%s/%d || exit 1
                    printf '%%s\\0' %s "${KAFKA_OPTS-}" "${KAFKA_HEAP_OPTS-}" "${KAFKA_JVM_PERFORMANCE_OPTS-}" "$#" "$@" >&3
                    while IFS= read -r line <&3; do
                      case "$line" in
                        "out "*) printf '%%s\\n' "${line#out }" ;;
                        "err "*) printf '%%s\\n' "${line#err }" >&2 ;;
                        "exit "*) exit "${line#exit }" ;;
                        "exec "*)
                          argv=()
                          for ((i = 0; i < ${line#exec }; i++)); do IFS= read -r -d '' word <&3; argv+=("$word"); done
                          exec 3<&-
                          exec "${argv[@]}" ;;
                      esac
                    done
                    exit 1
                    """.formatted(LOOPBACK.getHostAddress(), tools.server.getLocalPort(), tool.script));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Thread accepting = new Thread(tools::accept, "image-tools-" + pod.name());
        accepting.setDaemon(true);
        accepting.start();
        return tools;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket caller = server.accept();
                callers.add(caller);
                Thread serving = new Thread(() -> serve(caller), "image-tool-call-" + pod.name());
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket caller) {
        try (caller; PrintWriter reply = new PrintWriter(caller.getOutputStream(), true, StandardCharsets.UTF_8)) {
            InputStream in = caller.getInputStream();
            Tool tool = Tool.named(field(in));
            Map<String, String> env = Map.of(KafkaImage.JVM_OPTIONS, field(in), KafkaImage.HEAP_OPTIONS, field(in),
                    "KAFKA_JVM_PERFORMANCE_OPTS", field(in));
            int count = Integer.parseInt(field(in));
            List<String> args = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                args.add(field(in));
            }
            caller.setSoTimeout((int) POLL.toMillis());
            Output output = new Output(reply);
            if (tool == Tool.ZOOKEEPER_SHELL && args.isEmpty()) {
                output.out("USAGE: zookeeper-shell zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]");
                reply.println("exit 1");
            } else if (tool == Tool.ZOOKEEPER_SHELL && ZooKeeperShell.answers(args) && env.get(KafkaImage.JVM_OPTIONS).isBlank()) {
                reply.println("exit " + ZooKeeperShell.get(pod, args.get(0), args.get(2), output, () -> isGone(caller)));
            } else {
                Optional<List<String>> local = localArguments(tool, args, caller);
                if (local.isPresent()) {
                    List<String> arguments = new ArrayList<>(tool.leadingArguments);
                    arguments.addAll(tool == Tool.KAFKA_STORAGE && local.get().indexOf("format") == 0
                            ? ConfluentImage.formatArguments(image, local.get(), configOf(local.get())) : local.get());
                    execute(caller.getOutputStream(), java.kafkaRunClass(env, JavaLauncher.TOOL_HEAP, JavaLauncher.Logging.TOOL,
                            files, tool.mainClass, arguments));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the caller went away (killed by its timeout), or the tools closed
        } finally {
            callers.remove(caller);
        }
    }

    /** The server properties {@code kafka-storage}'s arguments name ({@code -c} or {@code --config}), as far as readable. */
    private static Properties configOf(List<String> args) throws IOException {
        Properties config = new Properties();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-c") || args.get(i).equals("--config")) {
                Path file = Path.of(args.get(i + 1));
                if (Files.isReadable(file)) {
                    try (var in = Files.newBufferedReader(file)) {
                        config.load(in);
                    }
                }
            }
        }
        return config;
    }

    /** What a tool prints in this JVM, each line marked with its stream. */
    record Output(PrintWriter reply) {
        void out(String text) {
            text.lines().forEach(line -> reply.println("out " + line));
        }

        void err(String text) {
            text.lines().forEach(line -> reply.println("err " + line));
        }
    }

    private static void execute(OutputStream caller, List<String> command) throws IOException {
        ByteArrayOutputStream words = new ByteArrayOutputStream();
        words.write(("exec " + command.size() + "\n").getBytes(StandardCharsets.UTF_8));
        for (String word : command) {
            words.write(word.getBytes(StandardCharsets.UTF_8));
            words.write(0);
        }
        caller.write(words.toByteArray());
        caller.flush();
    }

    /**
     * The tool's arguments as a process on this machine needs them, once the addresses in them
     * serve; empty if the caller went away first.
     */
    private Optional<List<String>> localArguments(Tool tool, List<String> args, Socket caller) throws IOException, InterruptedException {
        while (!isGone(caller)) {
            Optional<List<String>> local = localArguments(tool, args);
            if (local.isPresent()) {
                return local;
            }
            Thread.sleep(POLL.toMillis());
        }
        return Optional.empty();
    }

    private Optional<List<String>> localArguments(Tool tool, List<String> args) {
        List<String> local = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Optional<String> arg = localArgument(tool, i, i == 0 ? "" : args.get(i - 1), args.get(i));
            if (arg.isEmpty()) {
                return Optional.empty();
            }
            local.add(arg.get());
        }
        return Optional.of(local);
    }

    /** One argument made local; empty while the addresses it names serve nothing. */
    private Optional<String> localArgument(Tool tool, int index, String previous, String arg) {
        Optional<Function<String, Optional<String>>> addresses = addresses(tool, index, previous);
        if (addresses.isPresent()) {
            return addresses.get().apply(arg);
        }
        int equals = arg.indexOf('=');
        if (arg.startsWith("--") && equals > 0) {
            // --option=value, which the tools' option parser takes too
            Optional<Function<String, Optional<String>>> inline = addresses(tool, -1, arg.substring(0, equals));
            if (inline.isPresent()) {
                return inline.get().apply(arg.substring(equals + 1)).map(value -> arg.substring(0, equals + 1) + value);
            }
        }
        return Optional.of(files.translated(arg));
    }

    /** How argument {@code index}, which follows {@code option}, names addresses, if it does. */
    private Optional<Function<String, Optional<String>>> addresses(Tool tool, int index, String option) {
        if (tool == Tool.ZOOKEEPER_SHELL) {
            return index == 0 ? Optional.of(connect -> ClusterAddresses.zooKeeper(pod, connect)) : Optional.empty();
        }
        return switch (option) {
            case "--zookeeper" -> Optional.of(connect -> ClusterAddresses.zooKeeper(pod, connect));
            case "--bootstrap-server", "--bootstrap-controller" -> Optional.of(servers -> ClusterAddresses.servers(pod, servers));
            case "--authorizer-properties" -> Optional.of(this::authorizerProperties);
            default -> Optional.empty();
        };
    }

    /** {@code key=value} settings of kafka-acls' authorizer, its {@code zookeeper.connect} made local. */
    private Optional<String> authorizerProperties(String setting) {
        String prefix = "zookeeper.connect=";
        return setting.startsWith(prefix)
                ? ClusterAddresses.zooKeeper(pod, setting.substring(prefix.length())).map(local -> prefix + local)
                : Optional.of(setting);
    }

    /** Whether the calling script is gone (it sends nothing after its arguments); waits one poll at most. */
    private boolean isGone(Socket caller) {
        if (closed) {
            return true;
        }
        try {
            return caller.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillThere) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String field(InputStream in) throws IOException {
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0; b = in.read()) {
            if (b < 0) {
                throw new IOException("the caller went away");
            }
            field.write(b);
        }
        return field.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Socket caller : callers) {
            try {
                caller.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
