//DEPS io.netty:netty-bom:4.2.18.Final@pom
//DEPS com.fasterxml.jackson:jackson-bom:2.22.0@pom
//DEPS info.picocli:picocli:4.7.7
//DEPS org.bouncycastle:bcpkix-jdk18on:1.86
//DEPS io.fabric8:kubernetes-client:8.0.0
//DEPS org.apache.kafka:kafka-clients:3.9.2
//DEPS org.apache.kafka:kafka-server:3.9.2
//DEPS org.apache.kafka:kafka-server-common:3.9.2
//DEPS org.apache.zookeeper:zookeeper:3.8.6
//DEPS org.slf4j:slf4j-api:2.0.17
//DEPS org.slf4j:slf4j-simple:2.0.17
// Building a script compiles the whole common module once, in seconds: a javac that short-lived runs
// faster without the optimizing JIT compiler (6 s to 4 s on two cores).
//JAVAC_OPTIONS -J-XX:TieredStopAtLevel=1
// So does each step's JVM: it lives for seconds and mostly waits on the network, so loading classes and
// interpreting decide its time, not peak speed; status starts 15-20% faster here this way. (No collector
// is chosen: one set in JAVA_TOOL_OPTIONS as well would stop the JVM.)
//JAVA_OPTIONS -XX:TieredStopAtLevel=1
package dev.kafkapetset.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The toolkit's identity. The {@code //DEPS} lines above are the only dependency list the scripts
 * have: every script pulls this file in through {@code //SOURCES}, and JBang honours {@code //DEPS}
 * found there. They name the same versions as the Maven build (DependencyVersionsTest).
 */
public final class Toolkit implements IVersionProvider {
    public static final String NAME = "kafka-petset";
    public static final String VERSION = "0.2.0";

    @Override
    public String[] getVersion() {
        return new String[] {
            NAME + " " + VERSION,
            "Kafka " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                    + " clients, ZooKeeper " + org.apache.zookeeper.Version.getFullVersion(),
            "JVM: ${java.version} (${java.vendor} ${java.vm.name})",
        };
    }
}
