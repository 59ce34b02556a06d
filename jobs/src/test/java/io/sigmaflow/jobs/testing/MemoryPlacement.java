package io.sigmaflow.jobs.testing;

import io.sigmaflow.connectors.view.LatestOutcomes;
import io.sigmaflow.jobs.app.AppEffects;
import io.sigmaflow.jobs.app.AppLifecycle;
import io.sigmaflow.jobs.app.AppMetrics;
import io.sigmaflow.jobs.partition.NodePartition;
import io.sigmaflow.jobs.partition.OutcomeParts;
import io.sigmaflow.jobs.partition.PartitionMetrics;
import io.sigmaflow.jobs.partition.PartitionStore;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.jobs.migration.PlanClock;
import io.sigmaflow.jobs.migration.PlanWaves;
import io.sigmaflow.jobs.migration.PlanWavesFunction;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.MigrationSettled;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.MigrationWaves;
import io.sigmaflow.schema.job.NodeLiveness;
import io.sigmaflow.schema.job.OutcomePart;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The job's app side and node partitions wired together in one thread, the loop closed by
 * {@link #checkpoint()} (what a checkpoint does in the job: partitions flush, the app side reads
 * the feedback). For fast tests of the lifecycle logic; the Flink wiring has its own tests.
 */
public final class MemoryPlacement {
    private final PlacementConfig config;
    private final PartitionScheme scheme;
    private final PartitionRouter router = new PartitionRouter();
    private final AppLifecycle lifecycle;
    private final TreeMap<String, MemoryAppStore> apps = new TreeMap<>();
    private final TreeMap<String, NodePartition> partitions = new TreeMap<>();
    private final Map<String, String> partitionOfNode = new HashMap<>();
    private final ArrayDeque<PartitionCommand> commands = new ArrayDeque<>();
    public final List<Placement> placements = new ArrayList<>();
    public final List<RequestOutcome> outcomes = new ArrayList<>();
    /** The outcomes partitions gave at commit (also in {@link #outcomes}, in the order they were flushed). */
    public final List<RequestOutcome> givenAtCommit = new ArrayList<>();
    private final Map<String, Map<String, Boolean>> outcomeParts = new TreeMap<>();
    /** Parts of outcomes given at commit whose partition did not bind every pod (the app side answers those). */
    public int partsNotBound;
    public final List<String> deadLetters = new ArrayList<>();
    /** Migrations settled, waiting for the next checkpoint (the loop) to reach the waves. */
    private final List<MigrationSettled> settled = new ArrayList<>();
    private MigrationWaves waves = PlanWaves.empty();
    public final List<PriorityChange> priorityChanges = new ArrayList<>();
    private long time;
    /**
     * When set, the loop's records do not come back in flush order: each stream (a partition's
     * summaries, a partition's results for one app) keeps its order, as a Kafka partition does, but
     * streams interleave at random and a record may stay in flight for some checkpoints.
     */
    private Random loopOrder;
    private final List<PlacementFeedback> inFlight = new ArrayList<>();

    public MemoryPlacement(PlacementConfig config, TopologyLevel partitionLevel) {
        this.config = config;
        this.scheme = PartitionScheme.of(config.levels(), partitionLevel);
        this.lifecycle = JobFixtures.appLifecycle(router, scheme);
    }

    public MemoryPlacement() {
        this(PlacementConfig.defaults(), TopologyLevel.CORE_SWITCH);
    }

    /** Delivers the loop's records in an order drawn from {@code seed} (see {@link #loopOrder}). */
    public MemoryPlacement shuffleLoop(long seed) {
        loopOrder = new Random(seed);
        return this;
    }

    private final AppEffects effects = new AppEffects() {
        @Override
        public void send(PartitionCommand command) {
            commands.add(command);
        }

        @Override
        public void outcome(RequestOutcome outcome) {
            outcomes.add(outcome);
        }

        @Override
        public void deadLetter(PlacementRequest request, String reason) {
            deadLetters.add(reason);
        }

        @Override
        public void settled(MigrationSettled m) {
            settled.add(m);
        }
    };

    /** What the job's migration waves operator does, in this thread. */
    private final PlanWaves.Effects waveEffects = new PlanWaves.Effects() {
        @Override
        public void start(Migration m, long clock) {
            lifecycle.onMigration(m, clock, apps.computeIfAbsent(m.getAppId(), a -> new MemoryAppStore()), effects);
        }

        @Override
        public void refuse(Migration m, String reason) {
            outcomes.add(PlanWavesFunction.outcome(m, reason));
        }

        @Override
        public void deadLetter(Migration m, String reason) {
            deadLetters.add(reason);
        }
    };

    /** A record of {@code sigma.migrations} reaches the job's migration waves. */
    public void migration(Migration m) {
        PlanWaves.onMigration(waves, m, PlanClock.UNCHECKED, 0, waveEffects);
        deliver();
    }

    /** A node change: the routers learn it (retrying pending pods), then its partition applies it first. */
    public void node(NodeEvent event) {
        String partition = event.getTopology() != null
                ? scheme.partitionOf(AvroMapping.location(event.getTopology())) : partitionOfNode.get(event.getNodeId());
        partitionOfNode.put(event.getNodeId(), partition);
        if (router.node(partition, event)) {
            for (MemoryAppStore store : apps.values()) {
                if (store.hasPending()) {
                    lifecycle.onCapacity(partition, store, effects);
                }
            }
        }
        commands.addFirst(PartitionCommand.newBuilder().setPartitionId(partition).setOrderKey("1:node:" + event.getNodeId())
                .setNodeEvent(event).build());
        deliver();
    }

    /**
     * A host report or liveness verdict about {@code nodeId}, applied at its partition as the node
     * directory would forward it (the app side hears of it through the loop).
     */
    public void host(String nodeId, PodStatus status, NodeInventory inventory, NodeLiveness liveness) {
        commands.addFirst(PartitionCommand.newBuilder().setPartitionId(partitionOfNode.get(nodeId))
                .setOrderKey("1:node:" + nodeId).setPodStatus(status).setInventory(inventory).setLiveness(liveness).build());
        deliver();
    }

    /** Moves event time forward by {@code ms} (each command also moves it by 1). */
    public void advance(long ms) {
        time += ms;
    }

    public long time() {
        return time;
    }

    public void request(PlacementRequest request) {
        lifecycle.onRequest(request, apps.computeIfAbsent(request.getAppId(), a -> new MemoryAppStore()), effects);
        deliver();
    }

    /** Applies the commands sent so far at their partitions. */
    public void deliver() {
        if (loopOrder != null) {
            deliverSome();
            return;
        }
        while (!commands.isEmpty()) {
            PartitionCommand c = commands.poll();
            apply(c);
        }
    }

    private void apply(PartitionCommand c) {
        NodePartition p = partitions.computeIfAbsent(c.getPartitionId(), id -> NodePartition.create(id, config, scheme));
        p.apply(c, ++time, PartitionStore.NONE, placements::add, PartitionMetrics.NONE);
    }

    /** One checkpoint: partitions flush their feedback, the app side takes it (and may send more commands). */
    public void checkpoint() {
        deliver();
        List<PlacementFeedback> feedback = new ArrayList<>();
        for (NodePartition p : partitions.values()) {
            for (OutcomePart part : p.drainOutcomeParts()) {
                join(part);
            }
            feedback.addAll(p.drainFeedback());
            p.drainNodeStates();
            priorityChanges.addAll(p.drainPriorityChanges());
        }
        List<MigrationSettled> settledNow = new ArrayList<>(settled);
        settled.clear();
        if (loopOrder != null) {
            inFlight.addAll(feedback);
            feedback = arrivals();
        }
        for (PlacementFeedback f : feedback) {
            if (f.getSummary() != null) {
                if (router.update(f.getShardId(), f.getClock(), f.getSummary())) {
                    for (MemoryAppStore store : apps.values()) {
                        if (store.hasPending()) {
                            lifecycle.onCapacity(store, effects);
                        }
                    }
                }
            } else {
                MemoryAppStore store = apps.get(f.getAppId());
                if (store != null) {
                    lifecycle.onResults(f, store, effects);
                }
            }
        }
        for (MigrationSettled m : settledNow) {
            PlanWaves.onSettled(waves, m, PlanClock.UNCHECKED, 0, waveEffects);
        }
        deliver();
    }

    /**
     * A random part of the commands sent so far, as the job's network may deliver them: each stream
     * (one sender to one partition) in order, streams interleaved at random; the rest waits (a
     * checkpoint may come in between).
     */
    private void deliverSome() {
        arriving(commands, c -> c.getPartitionId() + "/" + c.getOrderKey()).forEach(this::apply);
    }

    /** Records of the loop that arrive now (a partition's summaries are one stream, its results for an app another). */
    private List<PlacementFeedback> arrivals() {
        return arriving(inFlight, f -> f.getShardId() + "/" + (f.getSummary() != null ? "" : f.getAppId()));
    }

    /**
     * Takes out of {@code queue} what arrives now: a random prefix of each stream (records of one
     * stream keep their order), the streams interleaved at random.
     */
    private <T> List<T> arriving(Collection<T> queue, Function<T, String> streamOf) {
        Map<String, ArrayDeque<T>> streams = new TreeMap<>();
        for (T record : queue) {
            streams.computeIfAbsent(streamOf.apply(record), k -> new ArrayDeque<>()).add(record);
        }
        List<ArrayDeque<T>> arriving = new ArrayList<>();
        for (ArrayDeque<T> stream : streams.values()) {
            ArrayDeque<T> now = new ArrayDeque<>();
            while (!stream.isEmpty() && loopOrder.nextInt(3) > 0) {
                now.add(stream.poll());
            }
            if (!now.isEmpty()) {
                arriving.add(now);
            }
        }
        List<T> out = new ArrayList<>();
        while (!arriving.isEmpty()) {
            int i = loopOrder.nextInt(arriving.size());
            out.add(arriving.get(i).poll());
            if (arriving.get(i).isEmpty()) {
                arriving.remove(i);
            }
        }
        out.forEach(queue::remove); // the first occurrence: equal records of a stream are interchangeable
        return out;
    }

    /** What the job's outcome parts operator does: the outcome once every part is in and bound. */
    private void join(OutcomePart part) {
        Map<String, Boolean> parts = outcomeParts.computeIfAbsent(part.getAppId() + "/" + part.getRequestId(),
                k -> new TreeMap<>());
        parts.put(part.getPartitionId(), part.getBound());
        partsNotBound += part.getBound() ? 0 : 1;
        if (parts.size() < part.getParts()) {
            return;
        }
        outcomeParts.remove(part.getAppId() + "/" + part.getRequestId());
        if (!parts.containsValue(false)) {
            RequestOutcome given = OutcomeParts.emitted(part.getOutcome());
            givenAtCommit.add(given);
            outcomes.add(given);
        }
    }

    /** Checkpoints until nothing moves any more (at most {@code max}). */
    public void settle(int max) {
        for (int i = 0; i < max; i++) {
            int before = placements.size() + outcomes.size();
            checkpoint();
            boolean idle = commands.isEmpty() && settled.isEmpty() && inFlight.isEmpty()
                    && partitions.values().stream().noneMatch(NodePartition::hasPendingOutput);
            if (idle && placements.size() + outcomes.size() == before) {
                return;
            }
        }
    }

    public void settle() {
        settle(100);
    }

    public MemoryAppStore app(String appId) {
        return apps.get(appId);
    }

    public NodePartition partition(String id) {
        return partitions.get(id);
    }

    public Map<String, NodePartition> partitions() {
        return partitions;
    }

    /** Where each pod is bound now, replaying the placement records in order. */
    public Map<String, String> boundPods() {
        return RunningJob.bound(placements);
    }

    public List<NodeState> nodeStates() {
        List<NodeState> out = new ArrayList<>();
        for (NodePartition p : partitions.values()) {
            p.placer().index().nodes().forEach(n -> out.add(p.snapshot(n)));
        }
        return out;
    }

    /** The latest outcome of {@code requestId}. */
    public RequestOutcome lastOutcome(String requestId) {
        return LatestOutcomes.byRequest(outcomes).get(requestId);
    }
}
