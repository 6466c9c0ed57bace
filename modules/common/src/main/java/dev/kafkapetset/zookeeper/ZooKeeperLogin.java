package dev.kafkapetset.zookeeper;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * A SASL DIGEST-MD5 login to ZooKeeper, as a secured cluster's brokers log in. ZooKeeper's client
 * takes its login from a JAAS section it names; rather than a JAAS file (one per JVM, set before
 * anything starts), each login is a section of its own in this JVM's JAAS configuration, named in
 * the client's own settings, so sessions to different clusters never share credentials.
 */
public final class ZooKeeperLogin {
    private static final String DIGEST_LOGIN_MODULE = "org.apache.zookeeper.server.auth.DigestLoginModule";

    private final String user;
    private final String password;

    public ZooKeeperLogin(String user, String password) {
        this.user = user;
        this.password = password;
    }

    public String user() {
        return user;
    }

    /** The settings of one client session that logs in as this user. */
    public ZKClientConfig clientConfig() {
        String section = "kafka-petset-" + UUID.randomUUID();
        Sections.install().put(section, new AppConfigurationEntry[] {new AppConfigurationEntry(DIGEST_LOGIN_MODULE,
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("username", user, "password", password))});
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true");
        config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, section);
        return config;
    }

    @Override
    public String toString() {
        return "SASL DIGEST-MD5 login as " + user;
    }

    /** This JVM's JAAS configuration: the toolkit's own sections, then whatever was configured before. */
    private static final class Sections extends Configuration {
        private static Sections installed;
        private final Map<String, AppConfigurationEntry[]> sections = new ConcurrentHashMap<>();
        private final Configuration before;

        private Sections(Configuration before) {
            this.before = before;
        }

        static synchronized Map<String, AppConfigurationEntry[]> install() {
            if (installed == null) {
                installed = new Sections(current());
                Configuration.setConfiguration(installed);
            }
            return installed.sections;
        }

        /** The configuration in force, or none when the JVM has no JAAS file to read. */
        private static Configuration current() {
            try {
                return Configuration.getConfiguration();
            } catch (SecurityException none) {
                return null;
            }
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            AppConfigurationEntry[] own = sections.get(name);
            return own != null || before == null ? own : before.getAppConfigurationEntry(name);
        }
    }
}
