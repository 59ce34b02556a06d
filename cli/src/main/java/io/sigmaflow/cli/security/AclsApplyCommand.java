package io.sigmaflow.cli.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.OutputOption;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.cli.support.Table;
import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.security.SigmaAcls;
import io.sigmaflow.connectors.topics.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Creates every role's ACLs ({@link SigmaAcls}) with Kafka's Admin API: what exists already is left
 * alone (running it twice changes nothing), nothing is deleted. Needs an admin principal (a super
 * user, or ALTER on the cluster), given with {@code --kafka-config}.
 */
@Command(name = "apply",
        description = {"Create the ACLs of every SigmaFlow role (idempotent; nothing is deleted) and print them.",
            "The principal of --kafka-config must be allowed to alter ACLs (a super user)."},
        footer = {"  ./sigma acls apply --bootstrap 127.0.0.1:9192 --kafka-config .sigma/cluster/security/admin.properties \\",
            "      --hosts node-1,node-2 --dry-run -o json"})
public final class AclsApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaTarget kafka;

    @Mixin
    OutputOption output;

    @Option(names = "--hosts", split = ",", paramLabel = "NODE", description = "the nodes: one principal User:sigma-host-NODE each")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--job-group", paramLabel = "G", description = "the job's consumer group (default: ${DEFAULT-VALUE})")
    String jobGroup = "sigmaflow-placement";

    @Option(names = "--job-transactional-id-prefix", paramLabel = "P", description = "the job's transactional ids (default: the group)")
    String jobTransactionalIdPrefix;

    @Option(names = "--release-principal", paramLabel = "User:NAME", description = "default: " + SigmaAcls.RELEASE)
    String release = SigmaAcls.RELEASE;

    @Option(names = "--job-principal", paramLabel = "User:NAME", description = "default: " + SigmaAcls.JOB)
    String job = SigmaAcls.JOB;

    @Option(names = "--rebalancer-principal", paramLabel = "User:NAME", description = "default: " + SigmaAcls.REBALANCER)
    String rebalancer = SigmaAcls.REBALANCER;

    @Option(names = "--operator-principal", paramLabel = "User:NAME", description = "default: " + SigmaAcls.OPERATOR)
    String operator = SigmaAcls.OPERATOR;

    @Option(names = "--dry-run", description = "print what would be created; change nothing")
    boolean dryRun;

    public static void main(String[] args) {
        SigmaCli.main(new AclsApplyCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        List<SigmaAcls.Grant> grants = grants();
        try (Admin admin = Admin.create(KafkaClientConfig.clientProperties(kafka.bootstrap()))) {
            Set<AclBinding> existing = new HashSet<>();
            try {
                existing.addAll(admin.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                spec.commandLine().getErr().println("acls apply: cannot read the ACLs on " + kafka.bootstrap() + ": "
                        + e.getCause().getMessage());
                return SigmaCli.FAILED;
            }
            List<AclBinding> missing = grants.stream().map(SigmaAcls.Grant::binding).filter(b -> !existing.contains(b)).toList();
            if (!dryRun && !missing.isEmpty()) {
                admin.createAcls(missing).all().get(60, TimeUnit.SECONDS);
            }
            Output.print(spec.commandLine().getOut(), output.format(), document(grants, existing), AclsApplyCommand::table);
        }
        return 0;
    }

    List<SigmaAcls.Grant> grants() {
        return SigmaAcls.forJob(Topics.of(kafka.prefix(), 0), jobGroup,
                jobTransactionalIdPrefix == null ? jobGroup : jobTransactionalIdPrefix, release, job, rebalancer, operator, hosts);
    }

    private ObjectNode document(List<SigmaAcls.Grant> grants, Set<AclBinding> existing) {
        ObjectNode doc = Output.json().createObjectNode();
        doc.put("dryRun", dryRun);
        ArrayNode items = doc.putArray("acls");
        for (SigmaAcls.Grant g : grants) {
            AclBinding b = g.binding();
            items.addObject()
                    .put("role", g.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .put("principal", g.principal())
                    .put("operation", b.entry().operation().name())
                    .put("resourceType", b.pattern().resourceType().name())
                    .put("resource", b.pattern().name())
                    .put("pattern", b.pattern().patternType().name())
                    .put("state", existing.contains(b) ? "exists" : dryRun ? "would create" : "created");
        }
        return doc;
    }

    static Table table(JsonNode doc) {
        Table t = new Table("role", "principal", "operation", "resource", "state");
        for (JsonNode a : doc.get("acls")) {
            String pattern = a.get("pattern").asText().equals("PREFIXED") ? "*" : "";
            t.row(a.get("role").asText(), a.get("principal").asText(), a.get("operation").asText(),
                    a.get("resourceType").asText().toLowerCase(java.util.Locale.ROOT) + ":" + a.get("resource").asText() + pattern,
                    a.get("state").asText());
        }
        return t;
    }
}
