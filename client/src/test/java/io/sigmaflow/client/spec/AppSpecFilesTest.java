package io.sigmaflow.client.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigmaflow.client.AppSpec;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.TaintEffect;
import io.sigmaflow.schema.TopologyLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSpecFilesTest {
    static final String WEB = """
            app: web
            replicas: 12
            resources: {cpu: 500m, memory: 2Gi}     # quantities as in Kubernetes
            qos: LS
            priority: 100
            nodeSelector: {disk: ssd}
            tolerations: [{key: dedicated, value: web, effect: NoSchedule}]
            dispersion: [coreSwitch, chassis, host]
            upgrade: {maxSurge: 2, maxUnavailable: 1}
            payload: {executable: /usr/bin/sleep, args: [infinity]}
            """;

    private static List<String> problems(String name, String text) {
        return assertThrows(InvalidAppSpecException.class, () -> AppSpecFiles.parse(name, text)).problems();
    }

    @Test
    void theIssuesExampleReadsIntoEveryField() {
        AppSpec web = AppSpecFiles.parse("web.yaml", WEB);
        assertEquals("web", web.app());
        assertEquals(12, web.replicas());
        assertEquals(500, web.cpuMillis());
        assertEquals(2048, web.memoryMb());
        assertEquals(QosClass.LS, web.qos());
        assertEquals(100, web.effectivePriority());
        assertEquals(Map.of("disk", "ssd"), web.nodeSelector());
        assertEquals("dedicated", web.tolerations().get(0).getKey());
        assertEquals(TaintEffect.NO_SCHEDULE, web.tolerations().get(0).getEffect());
        assertEquals(List.of(TopologyLevel.CORE_SWITCH, TopologyLevel.CHASSIS, TopologyLevel.HOST), web.dispersion());
        assertEquals(2, web.upgrade().getMaxSurge());
        assertEquals(1, web.upgrade().getMaxUnavailable());
        assertEquals("/usr/bin/sleep", web.template().getPayload().getExecutable());
        assertEquals(List.of("infinity"), web.args());
    }

    @Test
    void jsonReadsTheSameAndLeftOutFieldsTakeTheirDefaults() {
        AppSpec batch = AppSpecFiles.parse("batch.json", """
                {"app": "batch", "replicas": 3, "resources": {"cpu": 2, "memory": "512Mi"}, "qos": "BE",
                 "payload": {"executable": "/usr/bin/sleep"}}
                """);
        assertEquals(2000, batch.cpuMillis());
        assertEquals(512, batch.memoryMb());
        assertEquals(0, batch.effectivePriority());
        assertNull(batch.dispersion()); // the cluster's levels
        assertNull(batch.upgrade());
    }

    @Test
    void quantitiesAreKubernetesQuantities() {
        assertEquals(500, Quantities.cpuMillis("0.5"));
        assertEquals(500, Quantities.cpuMillis("500m"));
        assertEquals(2000, Quantities.cpuMillis("2"));
        assertEquals(1, Quantities.mebibytes("1Ki")); // rounded up to whole MiB
        assertEquals(2048, Quantities.mebibytes("2Gi"));
        assertEquals(954, Quantities.mebibytes("1G"));
        assertEquals("finer than a millicore: \"0.0005\" (the smallest step is 1m, 0.001)",
                assertThrows(Quantities.BadQuantity.class, () -> Quantities.cpuMillis("0.0005")).getMessage());
    }

    @Test
    void aWrongQuantityNamesFileLineAndField() {
        assertEquals(List.of("web.yaml:3: resources.cpu: expected a quantity like 500m or 2, got \"lots\""),
                problems("web.yaml", WEB.replace("cpu: 500m", "cpu: lots")));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String bad = """
                app: web
                replicas: many
                resources:
                  cpu: -1
                  memory: 512
                qos: FAST
                dispersion: [rack]
                colour: blue
                payload: {args: [x]}
                """;
        assertEquals(List.of(
                "web.yaml:8: colour: unknown field; known: app, dispersion, gpu, gpu_milli, gpu_models, nodeSelector, payload, priority, qos, replicas, resources, tolerations, upgrade",
                "web.yaml:2: replicas: expected a whole number, got \"many\"",
                "web.yaml:4: resources.cpu: must not be negative, got \"-1\"",
                "web.yaml:5: resources.memory: a bare number is ambiguous, give a unit: \"512Mi\" or \"512Gi\"",
                "web.yaml:6: qos: expected LS, BE or LSR, got \"FAST\"",
                "web.yaml:7: dispersion[0]: expected zone, coreSwitch, chassis or host, got \"rack\"",
                "web.yaml: payload.executable: required (the program each pod runs)"),
                problems("web.yaml", bad));
    }

    @Test
    void theJobsRulesAreReportedWithShapeProblems_butNotOnFieldsAlreadyWrong() {
        assertEquals(List.of(
                        "web.yaml:3: resources.cpu: expected a quantity like 500m or 2, got \"lots\"",
                        "web.yaml:2: replicas: at most 100000, got 200000"),
                problems("web.yaml", WEB.replace("cpu: 500m", "cpu: lots").replace("replicas: 12", "replicas: 200000")));
    }

    @Test
    void aMissingFieldIsNamed() {
        assertEquals(List.of("web.yaml: replicas: required (how many pods)"),
                problems("web.yaml", WEB.replace("replicas: 12\n", "")));
    }

    @Test
    void theJobsRulesApplyToo_replicasOverTheLimitAndUnsafeIds() {
        assertEquals(List.of("web.yaml:2: replicas: at most 100000, got 200000"),
                problems("web.yaml", WEB.replace("replicas: 12", "replicas: 200000")));
        assertEquals(List.of("web.yaml:1: app: 'a..b' must not contain '..' (app ids name files and cgroups on hosts)"),
                problems("web.yaml", WEB.replace("app: web", "app: a..b")));
        assertEquals(List.of("web.yaml:1: app: '../etc' must be 1 to 100 characters of A-Z a-z 0-9 . _ -, starting with a"
                        + " letter or digit (pod ids are <appId>-<n>)"),
                problems("web.yaml", WEB.replace("app: web", "app: ../etc")));
        assertEquals(List.of("web.yaml:3: resources: a pod must request some cpu or memory"),
                problems("web.yaml", WEB.replace("{cpu: 500m, memory: 2Gi}", "{cpu: 0, memory: 0Mi}")));
        assertEquals(List.of("web.yaml:9: upgrade: maxUnavailable and maxSurge cannot both be 0 (the update could never make progress)"),
                problems("web.yaml", WEB.replace("{maxSurge: 2, maxUnavailable: 1}", "{maxSurge: 0, maxUnavailable: 0}")));
    }

    @Test
    void brokenYamlSaysWhere() {
        List<String> p = problems("web.yaml", "app: web\nreplicas: [1\n");
        assertEquals(1, p.size());
        assertEquals(true, p.get(0).startsWith("web.yaml:"), p.get(0));
        assertEquals(true, p.get(0).contains("not valid YAML"), p.get(0));
    }
}
