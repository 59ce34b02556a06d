package io.sigmaflow.connectors.security;

import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on a SigmaFlow Kafka cluster: each role's ACL bindings, derived from the topic
 * catalogue so that a prefixed environment gets its own. Everything not granted here is denied
 * (the brokers run with {@code allow.everyone.if.no.acl.found=false}). docs/security.md has the
 * same table in words.
 *
 * <pre>
 * role            reads                                        writes                                   groups / transactional ids
 * release system  outcomes                                     requests                                 group prefix sigma-release
 * placement job   requests, node-events, pod-status, inventory, placements, outcomes, node-state,          its group; its transactional id prefix
 *                 migrations, placement-feedback               placement-feedback, dead-letters,
 *                                                              priority-changes (creates missing topics)
 * rebalancer      node-state                                   migrations                               transactional ids sigmaflow-rebalancer-
 * host            placements, priority-changes                 pod-status, inventory, node-events,      group sigma-node-executor-NODE
 *                                                              dead-letters
 * operator        every topic                                  nothing                                  describe every group; group prefix sigma-ops
 * </pre>
 * A host's right to write pod status and inventory cannot be narrowed to its own node's keys by an
 * ACL: the job checks that (see {@code HostSignature}).
 */
public final class SigmaAcls {
    /** The roles; a principal is given per role ({@code User:NAME}), one per host for hosts. */
    public enum Role { RELEASE_SYSTEM, PLACEMENT_JOB, REBALANCER, HOST, OPERATOR }

    /** Default principal names: the SCRAM users {@code ./sigma cluster up --secure} creates. */
    public static final String RELEASE = "User:sigma-release";
    public static final String JOB = "User:sigma-job";
    public static final String REBALANCER = "User:sigma-rebalancer";
    public static final String OPERATOR = "User:sigma-operator";
    public static final String HOST_PREFIX = "User:sigma-host-";

    /** One grant: which role's principal gets which operation on which resource. */
    public record Grant(Role role, AclBinding binding) {
        public String principal() {
            return binding.entry().principal();
        }
    }

    private final Topics topics;
    private final String jobGroup;
    private final String jobTransactionalIdPrefix;
    private final List<Grant> grants = new ArrayList<>();

    private SigmaAcls(Topics topics, String jobGroup, String jobTransactionalIdPrefix) {
        this.topics = topics;
        this.jobGroup = jobGroup;
        this.jobTransactionalIdPrefix = jobTransactionalIdPrefix;
    }

    /**
     * Every role's grants for the job {@code jobGroup} (its consumer group; transactional ids
     * {@code jobTransactionalIdPrefix}) on {@code topics}, one host principal per node in {@code hosts}.
     */
    public static List<Grant> forJob(Topics topics, String jobGroup, String jobTransactionalIdPrefix,
                                     String release, String job, String rebalancer, String operator,
                                     List<String> hosts) {
        SigmaAcls acls = new SigmaAcls(topics, jobGroup, jobTransactionalIdPrefix);
        acls.releaseSystem(release);
        acls.placementJob(job);
        acls.rebalancer(rebalancer);
        for (String node : hosts) {
            acls.host(HOST_PREFIX + node, node);
        }
        acls.operator(operator);
        return List.copyOf(acls.grants);
    }

    private void releaseSystem(String p) {
        write(Role.RELEASE_SYSTEM, p, topics.requests());
        read(Role.RELEASE_SYSTEM, p, topics.outcomes());
        grant(Role.RELEASE_SYSTEM, p, ResourceType.GROUP, "sigma-release", PatternType.PREFIXED, AclOperation.READ);
    }

    private void placementJob(String p) {
        for (Topic<?> t : List.of(topics.requests(), topics.nodeEvents(), topics.podStatus(), topics.inventory(),
                topics.migrations(), topics.placementFeedback())) {
            read(Role.PLACEMENT_JOB, p, t);
        }
        for (Topic<?> t : List.of(topics.placements(), topics.outcomes(), topics.nodeState(), topics.placementFeedback(),
                topics.deadLetters(), topics.priorityChanges())) {
            write(Role.PLACEMENT_JOB, p, t);
        }
        // the job creates what is missing at start (TopicAdmin.ensure): only its own topics
        grant(Role.PLACEMENT_JOB, p, ResourceType.TOPIC, topics.prefix() + "sigma.", PatternType.PREFIXED, AclOperation.CREATE);
        grant(Role.PLACEMENT_JOB, p, ResourceType.TOPIC, topics.prefix() + "sigma.", PatternType.PREFIXED, AclOperation.DESCRIBE);
        grant(Role.PLACEMENT_JOB, p, ResourceType.GROUP, jobGroup, PatternType.LITERAL, AclOperation.READ);
        grant(Role.PLACEMENT_JOB, p, ResourceType.TRANSACTIONAL_ID, jobTransactionalIdPrefix, PatternType.PREFIXED,
                AclOperation.WRITE);
        grant(Role.PLACEMENT_JOB, p, ResourceType.TRANSACTIONAL_ID, jobTransactionalIdPrefix, PatternType.PREFIXED,
                AclOperation.DESCRIBE);
    }

    private void rebalancer(String p) {
        read(Role.REBALANCER, p, topics.nodeState());
        write(Role.REBALANCER, p, topics.migrations());
        grant(Role.REBALANCER, p, ResourceType.TRANSACTIONAL_ID, "sigmaflow-rebalancer-", PatternType.PREFIXED, AclOperation.WRITE);
        grant(Role.REBALANCER, p, ResourceType.TRANSACTIONAL_ID, "sigmaflow-rebalancer-", PatternType.PREFIXED,
                AclOperation.DESCRIBE);
    }

    private void host(String p, String node) {
        read(Role.HOST, p, topics.placements());
        read(Role.HOST, p, topics.priorityChanges());
        write(Role.HOST, p, topics.podStatus());
        write(Role.HOST, p, topics.inventory());
        write(Role.HOST, p, topics.nodeEvents());
        write(Role.HOST, p, topics.deadLetters());
        grant(Role.HOST, p, ResourceType.GROUP, "sigma-node-executor-" + node, PatternType.LITERAL, AclOperation.READ);
    }

    private void operator(String p) {
        grant(Role.OPERATOR, p, ResourceType.TOPIC, topics.prefix() + "sigma.", PatternType.PREFIXED, AclOperation.READ);
        grant(Role.OPERATOR, p, ResourceType.TOPIC, topics.prefix() + "sigma.", PatternType.PREFIXED, AclOperation.DESCRIBE);
        grant(Role.OPERATOR, p, ResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.DESCRIBE);
        grant(Role.OPERATOR, p, ResourceType.GROUP, "sigma-ops", PatternType.PREFIXED, AclOperation.READ);
    }

    private void read(Role role, String p, Topic<?> t) {
        grant(role, p, ResourceType.TOPIC, t.name(), PatternType.LITERAL, AclOperation.READ);
    }

    private void write(Role role, String p, Topic<?> t) {
        grant(role, p, ResourceType.TOPIC, t.name(), PatternType.LITERAL, AclOperation.WRITE);
        // a producer's metadata request for the topic
        grant(role, p, ResourceType.TOPIC, t.name(), PatternType.LITERAL, AclOperation.DESCRIBE);
    }

    private void grant(Role role, String principal, ResourceType type, String name, PatternType pattern, AclOperation op) {
        grants.add(new Grant(role, new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW))));
    }
}
