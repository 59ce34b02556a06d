package io.sigmaflow.cli.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.cli.local.DemoCluster;
import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.testing.CommandRun;
import io.sigmaflow.client.Outcome;
import io.sigmaflow.client.Requests;
import io.sigmaflow.client.SigmaClient;
import io.sigmaflow.client.Submission;
import io.sigmaflow.client.spec.AppSpecFiles;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client and the {@code app} commands against the real placement job (mini cluster,
 * parallelism 2, RocksDB, checkpoints) on the shared test broker, on the demo's 12 nodes: a spec
 * published with {@link SigmaClient} until PLACED, a resend done once, a scale, {@code app status}
 * read back against node-state, an unknown app, a pod too big to fit, and {@code app list}.
 */
class AppCommandIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void publishWithTheClientScaleAndStatusAgainstTheRealJob() throws Exception {
        try (RunningJob job = RunningJob.prepare("appcli", Map.of()).start(2);
                StackClient stack = new StackClient(SharedKafka.bootstrapServers(), job.topics, WAIT);
                SigmaClient sigma = SigmaClient.builder().bootstrapServers(SharedKafka.bootstrapServers())
                        .topicPrefix(job.topics.prefix()).build()) {
            stack.send(job.topics.nodeEvents(), DemoCluster.nodes());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (CommittedCluster.of(stack.readToEnd(job.topics.nodeState())).nodes().size() < DemoCluster.HOSTS) {
                assertTrue(System.nanoTime() < deadline, "the demo nodes never reached node-state");
                Thread.sleep(200);
            }

            // Published with the client: ACCEPTED on the way, then PLACED with every pod.
            PlacementRequest publish = Requests.publish(AppSpecFiles.parse("web.yaml", AppCommandTest.WEB), "it");
            Submission web = sigma.submit(publish);
            List<OutcomeStatus> seen = new ArrayList<>();
            web.onOutcome(o -> seen.add(o.status()));
            Outcome placed = web.await(WAIT);
            assertEquals(OutcomeStatus.PLACED, placed.status(), placed.toString());
            assertEquals(12, placed.placed());
            assertEquals(List.of(OutcomeStatus.ACCEPTED, OutcomeStatus.PLACED), seen);
            // The same request again is done once: the job answers DUPLICATE, nothing changes.
            Outcome again = sigma.submit(publish).await(WAIT);
            assertEquals(OutcomeStatus.DUPLICATE, again.status(), again.toString());

            String[] target = {"--bootstrap", SharedKafka.bootstrapServers(), "--prefix", job.topics.prefix()};
            CommandRun scale = app(target, "scale", "web", "--replicas", "6");
            assertEquals(0, scale.code(), scale.err() + scale.out());
            assertTrue(scale.out().lines().anyMatch(l -> l.matches("scale-web-\\S+\\s+web\\s+PLACED\\s+6\\s+6\\s+0.*")), scale.out());

            // app status, read back against node-state: 6 pods with their node, switch and chassis, spread 2 2 2.
            CommandRun status = app(target, "status", "web", "-o", "json");
            assertEquals(0, status.code(), status.err());
            JsonNode doc = Output.json().readTree(status.out());
            Map<String, List<CommittedCluster.Placed>> byApp = CommittedCluster.of(stack.readToEnd(job.topics.nodeState())).byApp();
            Set<String> expected = new HashSet<>();
            byApp.get("web").forEach(p -> expected.add(p.pod().id() + "@" + p.node().id() + "/" + p.node().coreSwitch() + "/" + p.node().chassis()));
            Set<String> printed = new HashSet<>();
            doc.get("pods").forEach(p -> printed.add(p.get("pod").asText() + "@" + p.get("node").asText() + "/"
                    + p.get("switch").asText() + "/" + p.get("chassis").asText()));
            assertEquals(6, printed.size(), status.out());
            assertEquals(expected, printed);
            assertEquals("PLACED", doc.at("/lastRequest/status").asText(), status.out());
            assertEquals("2 2 2", doc.at("/dispersion/0/counts").asText(), status.out());
            assertEquals("even", doc.at("/dispersion/0/verdict").asText(), status.out());

            // An unknown app: the job rejects it, exit 1 naming the field.
            CommandRun unknown = app(target, "scale", "nope", "--replicas", "2");
            assertEquals(1, unknown.code(), unknown.err());
            assertTrue(unknown.err().contains("app scale: REJECTED: appId: unknown app nope"), unknown.err());

            // Too big for any node: accepted, pending with the filter's reason, exit 3; status says so too.
            CommandRun big = app(target, "reserve", "big", "--slots", "1", "--cpu", "64", "--memory", "1Gi");
            assertEquals(3, big.code(), big.err() + big.out());
            assertTrue(big.out().contains("NodeResourcesFit: 12 nodes"), big.out());
            assertEquals(3, app(target, "status", "big").code());

            CommandRun list = app(target, "list");
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().lines().anyMatch(l -> l.matches("web\\s+6\\s+0\\s+PLACED\\s+6\\s+0\\s+yes\\s+scale-web-.*")), list.out());
            assertTrue(list.out().lines().anyMatch(l -> l.matches("big\\s+0\\s+0\\s+PENDING\\s+1\\s+1\\s+yes\\s+reserve-big-.*")), list.out());
            System.out.println(scale.out() + status.out() + list.out());
        }
    }

    private static CommandRun app(String[] target, String... args) {
        String[] all = new String[args.length + target.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(target, 0, all, args.length, target.length);
        return CommandRun.of(new AppCommand(), all);
    }
}
