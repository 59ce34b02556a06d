package io.sigmaflow.cli.cluster;

import io.sigmaflow.connectors.local.SecureKafka;
import io.sigmaflow.connectors.security.SigmaAcls;
import io.sigmaflow.connectors.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * {@code ./sigma cluster up --secure}: the brokers on TLS + SASL/SCRAM with ACLs on
 * ({@link SecureKafka}: one key pair and truststore for every broker of this machine, the admin's
 * SCRAM credential stored at format time), one SCRAM user per role, the roles' ACLs
 * ({@link SigmaAcls}, as {@code ./sigma acls apply} makes them), and one client properties file
 * per role in {@code security/}: {@code <role>.properties} names its password file (owner-only)
 * through Kafka's {@code FileConfigProvider}, so neither the properties nor a command line hold a
 * secret. The cluster remembers it is secure ({@code security=sasl_ssl} in {@code cluster.properties}):
 * a later {@code up} (a restart of dead processes, or after {@code down}) runs secure again.
 */
final class ClusterSecurity {
    static final String STATE_KEY = "security";
    static final String SECURE = "sasl_ssl";
    /** The hosts given principals when {@code --hosts} is not: the nodes of the local examples. */
    static final List<String> DEFAULT_HOSTS = List.of("node-1", "node-2", "node-3");

    /** A role's SCRAM user and the name of its client file (without {@code .properties}). */
    record RoleUser(String role, String user) {
        Path file(Path securityDir) {
            return securityDir.resolve(role + ".properties");
        }
    }

    private final ClusterFiles files;
    private final SecureKafka kafka;

    private ClusterSecurity(ClusterFiles files, SecureKafka kafka) {
        this.files = files;
        this.kafka = kafka;
    }

    static boolean isSecure(Properties state) {
        return SECURE.equals(state.getProperty(STATE_KEY));
    }

    static Path dir(ClusterFiles files) {
        return files.dir().resolve("security");
    }

    /** The key pair, truststore and admin password in {@code security/} (made once, then reused). */
    static ClusterSecurity prepare(ClusterFiles files) {
        return new ClusterSecurity(files, SecureKafka.prepare(dir(files)));
    }

    SecureKafka kafka() {
        return kafka;
    }

    /** The admin's (super user) client properties: what {@code up} itself connects with. */
    Map<String, String> adminProperties() {
        return kafka.adminProperties();
    }

    /** The roles' users: fixed ones, then one per host ({@code sigma-host-NODE}). */
    static List<RoleUser> roles(List<String> hosts) {
        List<RoleUser> roles = new ArrayList<>(List.of(
                new RoleUser("release-system", user(SigmaAcls.RELEASE)),
                new RoleUser("placement-job", user(SigmaAcls.JOB)),
                new RoleUser("rebalancer", user(SigmaAcls.REBALANCER)),
                new RoleUser("operator", user(SigmaAcls.OPERATOR))));
        for (String node : hosts) {
            roles.add(new RoleUser("host-" + node, user(SigmaAcls.HOST_PREFIX) + node));
        }
        return roles;
    }

    /**
     * Creates (or resets the password of) every role's user, writes its client file, writes the
     * admin's file, and creates the roles' ACLs that do not exist yet; returns the role files.
     */
    Map<String, Path> createRoles(String bootstrap, List<String> hosts, String jobGroup, String jobTransactionalIdPrefix) {
        Path dir = dir(files);
        Map<String, Path> written = new LinkedHashMap<>();
        for (RoleUser r : roles(hosts)) {
            SecureKafka.writeClientConfig(r.file(dir), kafka.addUser(bootstrap, r.user()));
            written.put(r.role(), r.file(dir));
        }
        Path admin = dir.resolve("admin.properties");
        SecureKafka.writeClientConfig(admin, adminProperties());
        written.put("admin", admin);
        List<AclBinding> wanted = SigmaAcls.forJob(Topics.defaults(), jobGroup, jobTransactionalIdPrefix,
                SigmaAcls.RELEASE, SigmaAcls.JOB, SigmaAcls.REBALANCER, SigmaAcls.OPERATOR, hosts)
                .stream().map(SigmaAcls.Grant::binding).toList();
        Map<String, Object> props = new LinkedHashMap<>(adminProperties());
        props.put("bootstrap.servers", bootstrap);
        try (Admin a = Admin.create(props)) {
            Set<AclBinding> existing = new HashSet<>(a.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS));
            List<AclBinding> missing = wanted.stream().filter(b -> !existing.contains(b)).toList();
            if (!missing.isEmpty()) {
                a.createAcls(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the roles' ACLs on " + bootstrap + ": " + e, e);
        }
        return written;
    }

    /** The hosts recorded at the first secure {@code up}, else {@code given}, else the defaults. */
    static List<String> hosts(Properties state, List<String> given) {
        if (given != null && !given.isEmpty()) {
            return List.copyOf(given);
        }
        String recorded = state.getProperty("security.hosts");
        return recorded == null || recorded.isBlank() ? DEFAULT_HOSTS : Arrays.asList(recorded.split(","));
    }

    private static String user(String principal) {
        return principal.substring("User:".length());
    }
}
