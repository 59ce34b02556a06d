package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.InventoryEntry;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestOutcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Host feedback end to end on a mini cluster (parallelism 2) against the real broker: pod status and
 * inventories in through Kafka as executors send them; a failed pod placed again, a pod the job does
 * not know unbound, a silent node's pods placed elsewhere and the node schedulable again when it
 * reports, the CPU-priority changes of hosts whose QoS mix changed on sigma.priority-changes, and a
 * high-priority pod that fits nowhere preempting lower ones, which are placed again.
 */
class HostFeedbackIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static boolean outcome(List<RequestOutcome> outcomes, String requestId, OutcomeStatus status) {
        return outcomes.stream().anyMatch(o -> o.getRequestId().equals(requestId) && o.getStatus() == status);
    }

    /** The pod's newest BIND by generation (not by read order: the topic is keyed by node). */
    private static Placement lastBind(List<Placement> placements, String podId) {
        Placement last = null;
        for (Placement p : placements) {
            if (p.getPodId().equals(podId) && p.getAction() == PlacementAction.BIND
                    && (last == null || p.getGeneration() > last.getGeneration())) {
                last = p;
            }
        }
        return last;
    }

    /** The last setting each pod got, over all changes in order. */
    private static Map<String, PodCpuSetting> lastSettings(List<PriorityChange> changes) {
        Map<String, PodCpuSetting> out = new HashMap<>();
        changes.forEach(c -> c.getSettings().forEach(s -> out.put(s.getPodId(), s)));
        return out;
    }

    @Test
    void failedPodsAreReplacedSilentNodesEmptiedAndPriorityChangesEmitted() throws Exception {
        Map<String, String> keys = Map.of(PlacementJobConfig.SILENCE_TIMEOUT, "4s",
                PlacementJobConfig.INVENTORY_GRACE, "10min");
        try (RunningJob job = RunningJob.prepare("host-feedback", keys).start(2)) {
            job.kafka.produce(job.topics.nodeEvents(), topology(2, 1, 2, 4000, 8192));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 4, WAIT);

            // QoS mix: one BE pod per host, then an LS pod on one host per switch
            PodTemplate be = PodTemplate.newBuilder(template(1000, 1024)).setQos(QosClass.BE).setPriority(0).build();
            job.kafka.produce(job.topics.requests(), publish("b1", "batch", 4, be));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "b1", OutcomeStatus.PLACED), WAIT);
            job.kafka.produce(job.topics.requests(), publish("w1", "web", 2, template(1000, 1024)));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "w1", OutcomeStatus.PLACED), WAIT);
            List<Placement> placements = job.placements(l -> RunningJob.bound(l).size() >= 6, WAIT);
            Map<String, String> bound = RunningJob.bound(placements);
            List<PriorityChange> changes = job.kafka.consumeUntil(job.topics.priorityChanges(),
                    l -> lastSettings(l).values().stream().filter(PodCpuSetting::getIdle).count() == 2, WAIT);
            Map<String, PodCpuSetting> settings = lastSettings(changes);
            bound.forEach((pod, node) -> {
                if (pod.startsWith("batch-")) {
                    boolean nextToWeb = bound.entrySet().stream()
                            .anyMatch(e -> e.getKey().startsWith("web-") && e.getValue().equals(node));
                    assertEquals(nextToWeb, settings.get(pod).getIdle(), pod + " on " + node + ": " + changes);
                }
            });
            for (PriorityChange c : changes) {
                assertTrue(c.getSettings().stream().allMatch(s -> bound.get(s.getPodId()).equals(c.getNodeId())),
                        "a change goes to the node of its pods: " + c);
            }

            // a pod that failed on its host is placed again
            Placement web0 = lastBind(placements, "web-0");
            job.kafka.produce(job.topics.podStatus(), new PodStatus(web0.getNodeId(), "web-0", "web",
                    web0.getGeneration(), PodState.FAILED, 137, "killed", System.currentTimeMillis()));
            placements = job.placements(l -> lastBind(l, "web-0") != null
                    && lastBind(l, "web-0").getGeneration() > web0.getGeneration(), WAIT);
            assertTrue(placements.stream().anyMatch(p -> p.getPodId().equals("web-0")
                    && p.getAction() == PlacementAction.UNBIND && p.getReason().contains("failed on node")), "UNBIND first");

            // one node reports once (a pod it runs that the job does not know: unbound), then falls silent
            String silent = "s0-c0-h0";
            job.kafka.produce(job.topics.inventory(), new NodeInventory(silent,
                    List.of(new InventoryEntry("ghost-9", 1L, PodState.RUNNING)), System.currentTimeMillis()));
            AtomicBoolean pumping = new AtomicBoolean(true);
            List<String> reporting = new CopyOnWriteArrayList<>(List.of("s0-c0-h1", "s1-c0-h0", "s1-c0-h1"));
            Thread pump = Thread.ofVirtual().start(() -> {
                while (pumping.get()) {
                    for (String node : reporting) {
                        job.kafka.produce(job.topics.inventory(), new NodeInventory(node, List.of(),
                                System.currentTimeMillis()));
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                placements = job.placements(l -> l.stream().anyMatch(p -> p.getPodId().equals("ghost-9"))
                        && RunningJob.bound(l).size() == 6 && !RunningJob.bound(l).containsValue(silent), WAIT);
                Placement ghost = placements.stream().filter(p -> p.getPodId().equals("ghost-9")).findFirst().orElseThrow();
                assertEquals(PlacementAction.UNBIND, ghost.getAction());
                assertEquals(silent, ghost.getNodeId());
                assertFalse(RunningJob.bound(placements).containsValue(silent), "the silent node's pods moved");
                assertTrue(placements.stream().anyMatch(p -> p.getAction() == PlacementAction.UNBIND
                        && silent.equals(p.getNodeId()) && p.getReason() != null && p.getReason().contains("silent")));
                assertTrue(latest(job, silent, false), "unschedulable while silent");

                reporting.add(silent); // reports again, and keeps reporting (else it is silent again 4 s later)
                assertTrue(latest(job, silent, true), "schedulable again once it reports");

                // a high-priority app: one pod fits the emptied node, the other preempts on the other switch
                long cascadeStart = System.nanoTime();
                job.kafka.produce(job.topics.requests(), publish("v1", "vip", 2, PodTemplate.newBuilder(
                        template(4000, 1024)).setPriority(1000).build()));
                List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                        l -> outcome(l, "v1", OutcomeStatus.PLACED), WAIT);
                assertTrue(outcome(outcomes, "v1", OutcomeStatus.PLACED), outcomes.toString());
                // Victims are placed again or reported pending with reasons, never dropped: the
                // latest outcome of each app accounts for all its replicas (bound = placed).
                // The victims' round trips (hand-back, preemption round, re-route) take several
                // checkpoints: under a load average above 10 that passed 20 s (the victim was bound
                // later, and its app's outcome, PLACED before, rightly stayed PLACED).
                placements = job.placements(l -> RunningJob.bound(l).size() == 8, WAIT);
                Map<String, String> now = RunningJob.bound(placements);
                System.out.printf("HostFeedbackIT: preemption cascade settled in %d ms%n",
                        (System.nanoTime() - cascadeStart) / 1_000_000);
                assertEquals(8, now.size(), "every victim bound again (job " + status(job) + "): " + placements);
                outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                        l -> accounted(l, "batch", 4, now) && accounted(l, "web", 2, now), WAIT);
                assertTrue(accounted(outcomes, "batch", 4, now) && accounted(outcomes, "web", 2, now),
                        "job " + status(job) + ", bound " + now + ", outcomes " + outcomes);
                assertTrue(now.keySet().containsAll(List.of("vip-0", "vip-1")));
                assertTrue(placements.stream().anyMatch(p -> p.getAction() == PlacementAction.UNBIND
                        && p.getReason() != null && p.getReason().startsWith("preempted by vip-")));
                Map<String, Long> cpu = new HashMap<>();
                Map<String, Placement> live = new HashMap<>();
                placements.forEach(p -> {
                    if (p.getAction() == PlacementAction.BIND) {
                        live.put(p.getPodId(), p);
                    } else {
                        live.remove(p.getPodId());
                    }
                });
                live.values().forEach(p -> cpu.merge(p.getNodeId(), p.getResources().getCpuMillis(), Long::sum));
                assertTrue(cpu.values().stream().allMatch(c -> c <= 4000), "no overcommit: " + cpu);
            } finally {
                pumping.set(false);
                pump.join();
            }
        }
    }

    /** The job's status, for failure messages (a job that failed stops answering: not the same as a lost pod). */
    private static String status(RunningJob job) {
        try {
            return String.valueOf(job.client().getJobStatus().get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            return "status unknown: " + e;
        }
    }

    /** The app's latest outcome says how many pods are bound ({@code bound}) and the rest pending with reasons. */
    private static boolean accounted(List<RequestOutcome> outcomes, String app, int replicas, Map<String, String> bound) {
        RequestOutcome last = null;
        for (RequestOutcome o : outcomes) {
            if (o.getAppId().equals(app) && o.getStatus() != OutcomeStatus.ACCEPTED) {
                last = o;
            }
        }
        long placed = bound.keySet().stream().filter(p -> p.startsWith(app + "-")).count();
        return last != null && last.getPlaced() == placed && last.getPlaced() + last.getPending() == replicas
                && (last.getPending() == 0 || !last.getPendingReasons().isEmpty());
    }

    /** True once the newest snapshot of {@code node} on node-state has {@code schedulable}. */
    private static boolean latest(RunningJob job, String node, boolean schedulable) {
        List<NodeState> states = job.kafka.consumeUntil(job.topics.nodeState(), l -> {
            NodeState last = null;
            for (NodeState s : l) {
                if (s.getNodeId().equals(node)) {
                    last = s;
                }
            }
            return last != null && last.getSchedulable() == schedulable;
        }, WAIT);
        NodeState last = null;
        for (NodeState s : states) {
            if (s.getNodeId().equals(node)) {
                last = s;
            }
        }
        return last != null && last.getSchedulable() == schedulable;
    }
}
