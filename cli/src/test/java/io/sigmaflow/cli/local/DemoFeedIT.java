package io.sigmaflow.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo feed of {@code ./sigma up} against the real placement job (mini cluster, parallelism
 * 2, RocksDB, checkpoints) on the shared test broker: the printed report is checked against the
 * committed placements topic, and a second run (a restarted stack) publishes nothing again.
 */
class DemoFeedIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theDemoReportListsEveryPlacedPodOnceDispersedEvenlyAndTheTooBigAppPendingWithReasons() throws Exception {
        try (RunningJob job = RunningJob.prepare("demo", Map.of()).start(2);
                StackClient kafka = new StackClient(SharedKafka.bootstrapServers(), job.topics, TIMEOUT)) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            DemoFeed.Result result = new DemoFeed(kafka, TIMEOUT, new PrintStream(log, true, StandardCharsets.UTF_8)).run();
            String report = result.report();
            System.out.println(log.toString(StandardCharsets.UTF_8) + report);
            assertEquals(DemoCluster.HOSTS, result.nodesRegistered());
            assertEquals(DemoCluster.APPS.size(), result.requestsPublished());

            Map<String, RequestOutcome> outcomes = result.outcomes().stream()
                    .collect(Collectors.toMap(RequestOutcome::getAppId, Function.identity()));
            for (String app : List.of("web", "cache", "ingest")) {
                assertEquals(OutcomeStatus.PLACED, outcomes.get(app).getStatus(), app);
            }
            RequestOutcome batch = outcomes.get("batch");
            assertEquals(OutcomeStatus.PARTIALLY_PLACED, batch.getStatus());
            assertEquals(6, batch.getPlaced());
            assertEquals(2, batch.getPending());
            assertTrue(batch.getPendingReasons().containsKey("NodeResourcesFit"), batch.getPendingReasons().toString());
            assertTrue(report.contains("NodeResourcesFit: "), report);

            // The table, read back from the text, is exactly what the placements topic bound.
            int placed = 12 + 6 + 5 + 6;
            Map<String, String> bound = RunningJob.bound(job.placements(p -> RunningJob.bound(p).size() >= placed, TIMEOUT));
            Map<String, String[]> rows = tableRows(report);
            assertEquals(placed, rows.size(), report);
            assertEquals(bound, rows.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[2],
                    (a, b) -> a, TreeMap::new)));
            for (String[] row : rows.values()) {
                int host = Integer.parseInt(row[2].substring("host-".length()));
                int chassis = (host - 1) / 2 + 1;
                assertEquals("cs-" + ((chassis - 1) / 2 + 1), row[3], String.join(" ", row));
                assertEquals("ch-" + chassis, row[4], String.join(" ", row));
                if (row[1].equals("cache") || row[1].equals("batch")) {
                    assertEquals(1, host % 2, "cache needs disk=ssd and batch fits only the large hosts: " + String.join(" ", row));
                }
            }

            // Dispersion as printed: every level even for every app, with the expected counts.
            Map<String, List<String>> dispersion = dispersionLines(report);
            for (String app : List.of("web", "cache", "ingest", "batch")) {
                assertEquals(3, dispersion.get(app).size(), report);
                dispersion.get(app).forEach(line -> assertTrue(line.endsWith(" even"), app + ": " + line));
            }
            assertTrue(dispersion.get("web").get(0).matches("switch\\s+4 4 4\\s+even"), dispersion.get("web").get(0));
            assertTrue(dispersion.get("batch").get(1).matches("chassis\\s+1 1 \\| 1 1 \\| 1 1\\s+even"),
                    dispersion.get("batch").get(1));
            assertTrue(dispersion.get("ingest").get(0).matches("switch\\s+[12] [12] [12]\\s+even"),
                    dispersion.get("ingest").get(0));

            // ./sigma request: a reservation from the shell, answered with the job's outcome; status shows it.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = RequestCommand.run(new String[] {"reserve", "--app", "spare", "--replicas", "2", "--cpu", "100",
                    "--memory", "64", "--id", "hold-spare", "--bootstrap", SharedKafka.bootstrapServers(),
                    "--prefix", job.topics.prefix(), "--wait", "60s"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err);
            String answer = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, answer);
            assertTrue(answer.contains("hold-spare") && answer.contains("PLACED"), answer);
            assertTrue(kafka.readToEnd(job.topics.outcomes()).stream().anyMatch(o -> o.getRequestId().equals("hold-spare")
                    && o.getStatus() == OutcomeStatus.PLACED && o.getPlaced() == 2), "2 slots held");

            // A restarted stack runs the feed again: nothing is registered or published twice.
            DemoFeed.Result again = new DemoFeed(kafka, TIMEOUT, new PrintStream(new ByteArrayOutputStream())).run();
            assertEquals(0, again.nodesRegistered());
            assertEquals(0, again.requestsPublished());
            assertEquals(DemoCluster.APPS.size() + 1, kafka.readToEnd(job.topics.requests()).size(), "the apps and hold-spare");
            assertEquals(podNodes(result.cluster()), podNodes(again.cluster()), "the same pods on the same nodes");
            assertEquals(2, again.cluster().byApp().get("spare" + CommittedCluster.RESERVED).size(),
                    "the committed cluster shows the slots apart");

            // Scaled down from the shell, then the stack restarted: the feed neither waits for the
            // demo's 12 web pods nor reports them; it shows web as it is now.
            out.reset();
            exit = RequestCommand.run(new String[] {"scale", "--app", "web", "--replicas", "6", "--id", "shrink-web",
                    "--bootstrap", SharedKafka.bootstrapServers(), "--prefix", job.topics.prefix(), "--wait", "60s"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && CommittedCluster.of(kafka.readToEnd(job.topics.nodeState()))
                    .byApp().getOrDefault("web", List.of()).size() != 6) {
                Thread.sleep(200);
            }
            DemoFeed.Result afterScale = new DemoFeed(kafka, TIMEOUT, new PrintStream(new ByteArrayOutputStream())).run();
            assertEquals(0, afterScale.requestsPublished());
            RequestOutcome web = afterScale.outcomes().stream().filter(o -> o.getAppId().equals("web")).findFirst().orElseThrow();
            assertEquals("shrink-web", web.getRequestId(), "the report shows web's latest outcome");
            assertEquals(6, web.getPlaced());
            assertEquals(6, afterScale.cluster().byApp().get("web").size());
            assertTrue(afterScale.report().contains("shrink-web"), afterScale.report());
        }
    }

    /** Pod -> its row of the printed placement table (pod, app, qos, node, switch, chassis...): node at [2]. */
    private static Map<String, String[]> tableRows(String report) {
        Map<String, String[]> rows = new TreeMap<>();
        boolean in = false;
        for (String line : report.split("\n")) {
            if (line.startsWith("Placements (")) {
                in = true;
                continue;
            }
            if (in && line.isBlank()) {
                break;
            }
            String[] f = line.trim().split("\\s+");
            if (in && !f[0].equals("pod")) {
                String[] previous = rows.put(f[0], new String[] {f[0], f[1], f[3], f[4], f[5]});
                assertEquals(null, previous, "pod listed twice: " + f[0]);
            }
        }
        return rows;
    }

    /** App -> its three level lines of the printed dispersion. */
    private static Map<String, List<String>> dispersionLines(String report) {
        Map<String, List<String>> out = new TreeMap<>();
        String app = null;
        boolean in = false;
        for (String line : report.split("\n")) {
            if (line.startsWith("Dispersion")) {
                in = true;
            } else if (in && line.startsWith("  ") && !line.startsWith("    ")) {
                app = line.trim().split(" ")[0];
                out.put(app, new ArrayList<>());
            } else if (in && app != null && line.startsWith("    ")) {
                out.get(app).add(line.trim());
            }
        }
        return out;
    }

    /** Pod -> node of every pod (reservation slots left out). */
    private static Map<String, String> podNodes(CommittedCluster cluster) {
        Map<String, String> out = new TreeMap<>();
        cluster.placed().stream().filter(p -> !p.pod().id().startsWith("reservation/"))
                .forEach(p -> out.put(p.pod().id(), p.node().id()));
        return out;
    }
}
