package io.sigmaflow.jobs.app;

import static io.sigmaflow.jobs.testing.JobRecords.request;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.rules.RequestFieldRules;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.UpgradePolicy;
import io.sigmaflow.schema.job.AppState;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RequestRulesTest {
    private static final AppState LIVE = AppState.newBuilder().setAppId("web").setRevision(2).setReplicas(3)
            .setTemplate(template(500, 512)).build();
    /** Never published: only a reservation. */
    private static final AppState RESERVED = AppState.newBuilder().setAppId("web").setReserved(2).setSlots(2)
            .setReservation(template(500, 512)).build();
    private static final AppState DESTROYING = AppState.newBuilder().setAppId("web").setDestroyed(true).setSlots(1).build();
    private static final AppState TOMBSTONE = AppState.newBuilder().setAppId("web").setDestroyed(true).build();

    record Case(String name, PlacementRequest request, AppState state, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static PlacementRequest publish(Integer replicas, PodTemplate template, UpgradePolicy policy) {
        return request("r", "web", RequestType.PUBLISH, replicas, template, policy);
    }

    static Stream<Case> cases() {
        PodTemplate ok = template(500, 512);
        return Stream.of(
                new Case("valid publish", publish(3, ok, null), null, null),
                new Case("publish again after destroy", publish(3, ok, null), TOMBSTONE, null),
                new Case("blank request id", request(" ", "web", RequestType.DESTROY, null, null, null), LIVE,
                        "requestId: must not be blank"),
                new Case("app id with a slash", request("r", "a/b", RequestType.DESTROY, null, null, null), LIVE,
                        "appId: 'a/b' must be 1 to 100 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit (pod ids are <appId>-<n>)"),
                new Case("publish of an existing app", publish(3, ok, null), LIVE,
                        "appId: app web already exists (revision 2); use SCALE or UPGRADE"),
                new Case("publish without replicas", publish(null, ok, null), null, "replicas: required for PUBLISH"),
                new Case("negative replicas", publish(-1, ok, null), null, "replicas: must be >= 0, got -1"),
                new Case("too many replicas", publish(100_001, ok, null), null, "replicas: at most 100000, got 100001"),
                new Case("no template", publish(1, null, null), null, "template: required for PUBLISH"),
                new Case("nothing requested", publish(1, PodTemplate.newBuilder(ok).setResources(new Resources(0L, 0L, 0L)).build(), null),
                        null, "template.resources: a pod must request some cpu or memory"),
                new Case("negative memory", publish(1, PodTemplate.newBuilder(ok).setResources(new Resources(1L, -1L, 0L)).build(), null),
                        null, "template.resources: must not be negative, got cpuMillis=1 memoryMb=-1 diskMb=0"),
                new Case("blank executable", publish(1, PodTemplate.newBuilder(ok).setPayload(new Payload(" ", List.of(), Map.of())).build(), null),
                        null, "template.payload.executable: must not be blank"),
                new Case("both limits zero", publish(1, ok, new UpgradePolicy(0, 0)), null,
                        "upgrade: maxUnavailable and maxSurge cannot both be 0 (the update could never make progress)"),
                new Case("negative surge", publish(1, ok, new UpgradePolicy(1, -1)), null, "upgrade.maxSurge: must be >= 0, got -1"),
                new Case("scale of an unknown app", request("r", "web", RequestType.SCALE, 2, null, null), null,
                        "appId: unknown app web (never published, or destroyed); SCALE needs a published app"),
                new Case("upgrade of a destroyed app", request("r", "web", RequestType.UPGRADE, null, ok, null), TOMBSTONE,
                        "appId: unknown app web (never published, or destroyed); UPGRADE needs a published app"),
                new Case("upgrade keeps replicas when none given", request("r", "web", RequestType.UPGRADE, null, ok, null), LIVE, null),
                new Case("reserve for a live app", request("r", "web", RequestType.RESERVE, 2, ok, null), LIVE, null),
                new Case("reserve ahead of the publish", request("r", "web", RequestType.RESERVE, 2, ok, null), null, null),
                new Case("reserve zero needs no template", request("r", "web", RequestType.RESERVE, 0, null, null), LIVE, null),
                new Case("reserve without a template", request("r", "web", RequestType.RESERVE, 2, null, null), null,
                        "template: required for RESERVE"),
                new Case("reserve while slots are being destroyed", request("r", "web", RequestType.RESERVE, 2, ok, null),
                        DESTROYING, "appId: app web is still being destroyed; reserve again once its DESTROY completed"),
                new Case("publish of an app with only a reservation", publish(3, ok, null), RESERVED, null),
                new Case("scale of an app with only a reservation", request("r", "web", RequestType.SCALE, 2, null, null),
                        RESERVED, "appId: unknown app web (never published, or destroyed); SCALE needs a published app"),
                new Case("more cpu than any node may have (issue 10)", publish(1, PodTemplate.newBuilder(ok)
                        .setResources(new Resources(2_300_000_000_000_000_000L, 512L, 0L)).build(), null), null,
                        "template.resources.cpuMillis: 2300000000000000000 is more than the largest node may have (4096000,"
                                + " sigmaflow.job.max-node-cpu-millis); no node could ever hold this pod"),
                new Case("more memory than any node may have", request("r", "web", RequestType.UPGRADE, null,
                        PodTemplate.newBuilder(ok).setResources(new Resources(500L, 64L * 1024 * 1024 + 1, 0L)).build(), null),
                        LIVE, "template.resources.memoryMb: 67108865 is more than the largest node may have (67108864,"
                                + " sigmaflow.job.max-node-memory-mb); no node could ever hold this pod"),
                new Case("as large as a node may be: valid (pending until such a node comes)", publish(1, PodTemplate
                        .newBuilder(ok).setResources(new Resources(4_096_000L, 64L * 1024 * 1024, 0L)).build(), null), null, null),
                new Case("app id with ..", request("r", "a..b", RequestType.DESTROY, null, null, null), LIVE,
                        "appId: 'a..b' must not contain '..' (app ids name files and cgroups on hosts)"),
                new Case("destroy of an app with only a reservation", request("r", "web", RequestType.DESTROY, null, null, null),
                        RESERVED, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void saysWhatIsWrongFieldByField(Case c) {
        assertEquals(c.problem(), RequestRules.problem(c.request(), c.state(), MaxNodeSize.DEFAULT));
    }

    /**
     * One set of rules: every problem of a request's own fields is the client's too
     * ({@link RequestFieldRules}, what SigmaClient refuses before sending), word for word; what is
     * left to the job alone needs its state or its settings.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theClientRefusesExactlyTheFieldProblemsTheJobRejects(Case c) {
        String fields = RequestFieldRules.problem(c.request());
        // the handlers see only requests whose fields passed
        String jobOnly = fields != null ? null : RequestRules.handler(c.request()).problem(c.request(), c.state(), MaxNodeSize.DEFAULT);
        assertEquals(c.problem(), fields != null ? fields : jobOnly);
        if (c.problem() != null && fields == null) {
            assertTrue(c.problem().startsWith("appId: app ") || c.problem().startsWith("appId: unknown app")
                    || c.problem().contains("sigmaflow.job.max-node"), "a field rule left to the job alone: " + c.problem());
        }
    }

    @org.junit.jupiter.api.Test
    void appIdsThatNoHostWouldAcceptAreRejected() {
        for (String id : List.of("a..b", "..", "web/1", "../etc", "web 1", "-web", ".hidden", "a".repeat(101), "web\u0000")) {
            String problem = RequestRules.problem(request("r", id, RequestType.DESTROY, null, null, null), LIVE, MaxNodeSize.DEFAULT);
            assertTrue(problem != null && problem.startsWith("appId: "), id + ": " + problem);
        }
    }

    @org.junit.jupiter.api.Test
    void theLargestNodeIsASettingAndNodesAboveItAreRefused() {
        MaxNodeSize small = new MaxNodeSize(8000, 16384);
        assertEquals("template.resources.cpuMillis: 9000 is more than the largest node may have (8000,"
                        + " sigmaflow.job.max-node-cpu-millis); no node could ever hold this pod",
                RequestRules.problem(publish(1, template(9000, 512), null), null, small));
        assertEquals(null, RequestRules.problem(publish(1, template(8000, 512), null), null, small));
        io.sigmaflow.schema.NodeEvent big = io.sigmaflow.jobs.testing.JobRecords.register("n1", "s0", "c0", 16000, 1024);
        assertEquals("capacity: cpuMillis=16000 memoryMb=1024 is larger than a node may be (at most cpuMillis=8000"
                        + " memoryMb=16384: sigmaflow.job.max-node-cpu-millis, sigmaflow.job.max-node-memory-mb)",
                small.nodeEvents().problem(big));
        assertEquals(null, MaxNodeSize.DEFAULT.nodeEvents().problem(big));
    }
}
