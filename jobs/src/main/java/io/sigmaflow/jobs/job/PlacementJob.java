package io.sigmaflow.jobs.job;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.flink.DecodedStream;
import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.connectors.flink.FlinkKafka.ReadMode;
import io.sigmaflow.connectors.flink.KafkaBytes;
import io.sigmaflow.connectors.flink.KafkaEndpoint;
import io.sigmaflow.connectors.flink.RecordValidator;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.app.AppLifecycleOperator;
import io.sigmaflow.jobs.migration.MigrationWiring;
import io.sigmaflow.jobs.migration.PlanWavesFunction;
import io.sigmaflow.jobs.partition.NodeDirectory;
import io.sigmaflow.jobs.partition.HostSettings;
import io.sigmaflow.jobs.partition.NodePartitionOperator;
import io.sigmaflow.jobs.partition.PartitionOutput;
import io.sigmaflow.jobs.partition.OutcomeParts;
import io.sigmaflow.jobs.partition.SilenceGate;
import io.sigmaflow.jobs.security.HostSignatureCheck;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.job.HostReport;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.job.RoutingInput;
import io.sigmaflow.schema.job.PartitionCommand;
import io.sigmaflow.placement.framework.InvalidConfigException;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Either;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * SigmaFlow's placement job ("SigmaMaster" on Flink): requests and node events in; placements,
 * request outcomes, node snapshots and dead letters out; route then commit, with the job's own
 * feedback loop through Kafka. Sources and sinks are passed in and wired in {@link #build}
 * (flink-training style): {@link #onKafka} gives the production ones.
 *
 * <pre>
 * requests ─► Decode ─keyBy app─► App lifecycle ──────────────────────┐ commands
 *                                   ▲ (uid app-lifecycle)             ├─keyBy partition─► Node partitions ─┬─► placements
 * feedback ─► Decode ─┬─ results ─keyBy app──┤  └─► outcomes           │                  (uid node-partitions)├─► node-state
 *  (the loop)         └─ summaries ─broadcast┤                         │                                    └─► feedback
 * node-events ─► Decode ─keyBy node─► Node directory ─┬────────────────┘ (liveness verdicts via the Silence gate,
 * pod-status, inventory ─► Decode ─┘ (uid node-directory)  │               uid silence-gate, one key)
 *                                                          └─ node changes ─broadcast─► App lifecycle (routers)
 * Node partitions ─► priority-changes (keyed by node)
 * (placements, node-state and priority-changes: one exactly-once sink chained to the node partitions, one
 *  transaction per subtask and checkpoint; {@link PartitionOutput})
 * Node partitions ─► outcome parts ─keyBy app+request─► Outcome parts ─► outcomes (a request whose last pods
 *                   its commands bound: committed with its BINDs, no second trip through the loop)
 * App lifecycle's outcomes and Outcome parts' answers ─by app─► Outcomes in order ─forward─► outcomes sink
 *                   (uid outcomes-in-order: a request's ACCEPTED before its answer, one producer per app)
 * </pre>
 */
public final class PlacementJob {
    /**
     * The job's max parallelism, set explicitly: keyed state (apps, node partitions, nodes) is
     * checkpointed in this many key groups and a restore with another parallelism redistributes
     * whole key groups, so it can never change across a savepoint (Flink refuses the restore).
     * 128 is what Flink chose by default for every parallelism up to 85, so savepoints and
     * checkpoints written before it was explicit restore unchanged; it is also the parallelism's
     * upper bound.
     */
    public static final int MAX_PARALLELISM = 128;

    /** The decoded inputs, each with the dead letters of its records that did not decode. */
    public record Inputs(DecodedStream<PlacementRequest> requests, DecodedStream<NodeEvent> nodeEvents,
                         DecodedStream<PlacementFeedback> feedback, DecodedStream<PodStatus> podStatus,
                         DecodedStream<NodeInventory> inventory, DecodedStream<Migration> migrations) {
        /** Without migrations (null: the job has no migration path). */
        public Inputs(DecodedStream<PlacementRequest> requests, DecodedStream<NodeEvent> nodeEvents,
                      DecodedStream<PlacementFeedback> feedback, DecodedStream<PodStatus> podStatus,
                      DecodedStream<NodeInventory> inventory) {
            this(requests, nodeEvents, feedback, podStatus, inventory, null);
        }
    }

    /** Opens the inputs in an environment. */
    @FunctionalInterface
    public interface Sources extends Serializable {
        Inputs open(StreamExecutionEnvironment env);
    }

    /**
     * What the job produces. {@code partitionOutputs} is {@code placements}, {@code nodeStates} and
     * {@code priorityChanges} together as the node partitions emit them ({@link PartitionOutput}): the
     * Kafka sinks write it through one sink; the three typed streams are its parts, for other sinks.
     */
    public record Outputs(DataStream<Placement> placements, DataStream<RequestOutcome> outcomes,
                          DataStream<NodeState> nodeStates, DataStream<PlacementFeedback> feedback,
                          DataStream<DeadLetter> deadLetters, DataStream<PriorityChange> priorityChanges,
                          DataStream<Either<Placement, Either<NodeState, PriorityChange>>> partitionOutputs) {}

    /** Writes the outputs somewhere; the feedback must come back as the {@link Inputs#feedback()} input. */
    @FunctionalInterface
    public interface Sinks extends Serializable {
        void write(Outputs outputs);
    }

    private final JobSettings settings;
    private final Sources sources;
    private final Sinks sinks;
    /** False only for the wiring before {@link OutcomesInOrder} (an upgrade test's first job). */
    private final boolean outcomesInOrder;

    public PlacementJob(JobSettings settings, Sources sources, Sinks sinks) {
        this(settings, sources, sinks, true);
    }

    private PlacementJob(JobSettings settings, Sources sources, Sinks sinks, boolean outcomesInOrder) {
        this.settings = settings;
        this.sources = sources;
        this.sinks = sinks;
        this.outcomesInOrder = outcomesInOrder;
    }

    /**
     * This job wired as before "Outcome order" (docs/job.md): the app side's outcomes and the answers
     * at commit straight to the sink, in no defined order. Only for the test that restores a
     * savepoint of that wiring into this one ({@code OutcomeOrderUpgradeIT}).
     */
    PlacementJob withOutcomesAsBefore() {
        return new PlacementJob(settings, sources, sinks, false);
    }

    /** The production job: every input and output a Kafka topic, written exactly once. */
    public static PlacementJob onKafka(PlacementJobConfig config) {
        KafkaEndpoint endpoint = KafkaEndpoint.exactlyOnce(config.bootstrapServers(), config.groupId());
        endpoint = new KafkaEndpoint(endpoint.bootstrapServers(), config.groupId(), config.transactionalIdPrefix(),
                endpoint.guarantee(), config.kafkaClientProperties());
        return new PlacementJob(config.settings(), kafkaSources(config, endpoint), kafkaSinks(config, endpoint));
    }

    /** Requests and node events from their topics, the loop from the feedback topic (from its tail). */
    public static Sources kafkaSources(PlacementJobConfig config, KafkaEndpoint endpoint) {
        Topics topics = config.topics();
        ReadMode mode = config.readMode();
        boolean eventTime = config.eventTimeOrder();
        Duration idleness = config.watermarkIdleness();
        long skewMs = config.maxFutureSkew().toMillis();
        // Host reports (node events, pod status, inventory) must carry their node's signature when on.
        byte[] master = config.hostSigningMaster();
        return env -> {
            FlinkKafka kafka = new FlinkKafka(endpoint, config.skipRecords(), config.recordLimit());
            return new Inputs(
                    kafka.read(env, topics.requests(), mode, RecordValidator.acceptAll(), inputTime(eventTime, mode, idleness)),
                    kafka.read(env, topics.nodeEvents(), mode, RecordValidator.<NodeEvent>safeIds().and(config.maxNode().nodeEvents()), inputTime(eventTime, mode, idleness),
                            master == null ? null : HostSignatureCheck.nodeEvents(master)),
                    kafka.read(env, topics.placementFeedback(), ReadMode.TAIL, RecordValidator.acceptAll(),
                            eventTime ? WatermarkStrategy.forGenerator(c -> new LoopWatermarks<>()) : WatermarkStrategy.noWatermarks()),
                    kafka.read(env, topics.podStatus(), mode, RecordValidator.safeIds(), hostTime(eventTime, mode, idleness, skewMs),
                            master == null ? null : HostSignatureCheck.podStatus(master)),
                    kafka.read(env, topics.inventory(), mode, RecordValidator.safeIds(), hostTime(eventTime, mode, idleness, skewMs),
                            master == null ? null : HostSignatureCheck.inventory(master)),
                    // Plans apply on arrival (their waves wait on the loop anyway): no say in event time.
                    kafka.read(env, topics.migrations(), mode, RecordValidator.safeIds(),
                            eventTime ? WatermarkStrategy.forGenerator(c -> new LoopWatermarks<>()) : WatermarkStrategy.noWatermarks()));
        };
    }

    /**
     * Event time of requests and node events: their Kafka timestamps, per partition. In a stream a
     * partition quiet for {@code quiet} goes idle (a partition without traffic must not stop event
     * time) at the price of records that arrive behind the watermark after a pause being applied as
     * they come; after a restore with nothing to replay it first moves to the wall clock (see
     * {@link QuietPartitionWatermarks}). A bounded read needs none (a finished partition no longer
     * holds event time back), so a replay is ordered exactly.
     */
    static WatermarkStrategy<KafkaBytes> inputTime(boolean eventTime, ReadMode mode, Duration quiet) {
        if (!eventTime) {
            return WatermarkStrategy.noWatermarks();
        }
        if (mode == ReadMode.BOUNDED) {
            return WatermarkStrategy.forGenerator(c -> new QuietPartitionWatermarks<>());
        }
        return following(quiet);
    }

    /**
     * Event time of host reports: as {@link #inputTime}, but with idleness in a bounded read too, and
     * bounded ahead: a record stamped more than {@code maxAheadMs} ahead of the wall clock does not
     * move event time (hosts' clocks are not the job's; the node directory dead-letters it). A
     * bounded Kafka source over a topic with no records (a replay without executors) never emits a
     * watermark, and would hold the node directory's event time, and with it every partition's, at
     * the beginning of time; idle, it steps aside.
     */
    static WatermarkStrategy<KafkaBytes> hostTime(boolean eventTime, ReadMode mode, Duration quiet, long maxAheadMs) {
        if (!eventTime) {
            return WatermarkStrategy.noWatermarks();
        }
        QuietPartitionWatermarks.WallClock clock = System::currentTimeMillis;
        if (mode == ReadMode.BOUNDED) {
            return WatermarkStrategy.<KafkaBytes>forGenerator(c -> ahead(new QuietPartitionWatermarks<>(), maxAheadMs,
                    clock)).withIdleness(quiet);
        }
        long quietMs = quiet.toMillis();
        return WatermarkStrategy.forGenerator(c -> ahead(QuietPartitionWatermarks.following(quietMs, clock), maxAheadMs,
                clock));
    }

    private static <T> QuietPartitionWatermarks<T> ahead(QuietPartitionWatermarks<T> g, long maxAheadMs,
                                                         QuietPartitionWatermarks.WallClock clock) {
        return maxAheadMs > 0 ? g.boundedAhead(maxAheadMs, clock) : g;
    }

    private static WatermarkStrategy<KafkaBytes> following(Duration quiet) {
        long quietMs = quiet.toMillis();
        QuietPartitionWatermarks.WallClock clock = System::currentTimeMillis;
        return WatermarkStrategy.forGenerator(c -> QuietPartitionWatermarks.following(quietMs, clock));
    }

    public static Sinks kafkaSinks(PlacementJobConfig config, KafkaEndpoint endpoint) {
        Topics topics = config.topics();
        return out -> {
            // Every sink writes a dead letter in place of a record over the limit (never fails on size).
            FlinkKafka kafka = new FlinkKafka(endpoint, config.skipRecords(), config.recordLimit());
            // The node partitions' three topics through one sink chained to them: one producer and one
            // transaction per subtask and checkpoint. It takes over the placements sink (uid and
            // transactional ids); the node-state and priority-change sinks of earlier versions are
            // retired: they restore an earlier savepoint's transactions, then finish.
            kafka.write(out.partitionOutputs(), topics.placements().id(), "Kafka: " + topics.placements().id() + ", "
                    + topics.nodeState().id() + ", " + topics.priorityChanges().id(),
                    FlinkKafka.either(kafka.serializer(topics.placements()),
                            FlinkKafka.either(kafka.serializer(topics.nodeState()), kafka.serializer(topics.priorityChanges()))));
            kafka.retire(out.partitionOutputs().getExecutionEnvironment(), topics.nodeState());
            kafka.retire(out.partitionOutputs().getExecutionEnvironment(), topics.priorityChanges());
            kafka.write(out.outcomes(), topics.outcomes());
            kafka.write(out.feedback(), topics.placementFeedback());
            kafka.writeDeadLetters(topics.deadLetters(), out.deadLetters());
        };
    }

    /** Wires the job into {@code env}. Checkpointing must be on: the loop and the sinks move with checkpoints. */
    public Outputs build(StreamExecutionEnvironment env) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new IllegalStateException("the placement job needs checkpointing: set execution.checkpointing.interval"
                    + " (its feedback loop and its exactly-once outputs move with checkpoints)");
        }
        long checkpointTimeout = env.getCheckpointConfig().getCheckpointTimeout();
        if (checkpointTimeout >= FlinkKafka.TRANSACTION_TIMEOUT_MS) {
            throw new InvalidConfigException(CheckpointingOptions.CHECKPOINTING_TIMEOUT.key(), "must be shorter than the Kafka"
                    + " sinks' transaction timeout (" + Duration.ofMillis(FlinkKafka.TRANSACTION_TIMEOUT_MS) + "): a checkpoint"
                    + " that outlives its transaction fences the sink and fails the TaskManager; got "
                    + Duration.ofMillis(checkpointTimeout));
        }
        if (env.getCheckpointConfig().isUnalignedCheckpointsEnabled()) {
            throw new InvalidConfigException(CheckpointingOptions.ENABLE_UNALIGNED.key(), "the placement job needs aligned"
                    + " checkpoints: its app side keeps one copy of the broadcast node view for every subtask (RouterNodeCopy),"
                    + " true only where every subtask's barrier cuts the broadcast at the same record; got true");
        }
        int configured = env.getConfig().getMaxParallelism();
        if (configured > 0 && configured != MAX_PARALLELISM) {
            throw new InvalidConfigException(PipelineOptions.MAX_PARALLELISM.key(), "the placement job's key groups are fixed at "
                    + MAX_PARALLELISM + " (savepoints hold state in that many), got " + configured);
        }
        if (env.getParallelism() > MAX_PARALLELISM) {
            throw new InvalidConfigException(CoreOptions.DEFAULT_PARALLELISM.key(), "at most " + MAX_PARALLELISM
                    + " (the job's max parallelism: its key groups), got " + env.getParallelism());
        }
        env.setMaxParallelism(MAX_PARALLELISM);
        Inputs in = sources.open(env);

        DataStream<HostReport> hostReports = in.podStatus().records()
                .map(new StatusToReport(), FlinkKafka.typeInfo(HostReport.class)).name("Pod status to directory")
                .uid("pod-status-report")
                .union(in.inventory().records()
                        .map(new InventoryToReport(), FlinkKafka.typeInfo(HostReport.class)).name("Inventory to directory")
                        .uid("inventory-report"));
        SingleOutputStreamOperator<PartitionCommand> nodeCommands = in.nodeEvents().records()
                .keyBy(NodeEvent::getNodeId, Types.STRING)
                .connect(hostReports.keyBy(HostReport::getNodeId, Types.STRING))
                .process(new NodeDirectory(settings.partitions(), settings.nodeEventsTopic(), settings.host(),
                        settings.eventTimeOrder()), FlinkKafka.typeInfo(PartitionCommand.class))
                .name("Node directory")
                .uid("node-directory");

        DataStream<RoutingInput> results = in.feedback().records()
                .filter(new PodResults()).name("Pod results").uid("feedback-results")
                .map(new FeedbackToRouting(), FlinkKafka.typeInfo(RoutingInput.class))
                .name("Pod results to apps").uid("feedback-results-routing")
                .keyBy(r -> r.getFeedback().getAppId(), Types.STRING);
        DataStream<RoutingInput> summaries = in.feedback().records()
                .filter(new PartitionSummaries()).name("Partition summaries").uid("feedback-summaries")
                .map(new FeedbackToRouting(), FlinkKafka.typeInfo(RoutingInput.class))
                .name("Partition summaries to routers").uid("feedback-summaries-routing")
                .broadcast();
        DataStream<RoutingInput> nodeChanges = nodeCommands
                .filter(new NodeChanges()).name("Node changes").uid("node-changes")
                .map(new NodeChangeToRouting(), FlinkKafka.typeInfo(RoutingInput.class))
                .name("Node changes to routers").uid("node-changes-routing")
                .broadcast();

        DataStream<RoutingInput> appInputs = results.union(summaries, nodeChanges);
        SingleOutputStreamOperator<RoutingInput> waves = null;
        if (in.migrations() != null) {
            waves = MigrationWiring.waves(in.migrations().records(), in.feedback().records(), settings.migrationsTopic(),
                    settings.plans());
            appInputs = appInputs.union(MigrationWiring.toApps(waves));
        }
        SingleOutputStreamOperator<PartitionCommand> appCommands = in.requests().records()
                .keyBy(PlacementRequest::getAppId, Types.STRING)
                .connect(appInputs)
                .transform("App lifecycle", FlinkKafka.typeInfo(PartitionCommand.class),
                        new AppLifecycleOperator(settings.partitions(), settings.eventTimeOrder(), settings.requestsTopic(),
                                settings.host().maxPodFailures(), settings.maxNode()))
                .uid("app-lifecycle");

        // Liveness verdicts pass the mass-silence gate (one key: it counts them across all nodes).
        HostSettings host = settings.host();
        SingleOutputStreamOperator<PartitionCommand> gated = nodeCommands
                .filter(new LivenessVerdicts(true)).name("Liveness verdicts").uid("liveness-verdicts")
                .keyBy(new GateKey<>(), Types.STRING)
                .connect(nodeCommands.getSideOutput(NodeDirectory.WATCHED).keyBy(new GateKey<>(), Types.STRING))
                .process(new SilenceGate(host.massSilenceShare(), host.massSilenceWindowMs(), settings.eventTimeOrder()),
                        FlinkKafka.typeInfo(PartitionCommand.class))
                .name("Silence gate")
                .uid("silence-gate");
        DataStream<PartitionCommand> nodeSide = nodeCommands
                .filter(new LivenessVerdicts(false)).name("Node commands").uid("node-commands")
                .union(gated);

        SingleOutputStreamOperator<Either<Placement, Either<NodeState, PriorityChange>>> partitionOutputs = appCommands.union(nodeSide)
                .keyBy(PartitionCommand::getPartitionId, Types.STRING)
                .transform("Node partitions", PartitionOutput.TYPE,
                        new NodePartitionOperator(settings.partitions(), settings.eventTimeOrder(),
                                settings.nodeEventsTopic(), settings.host().inventoryGraceMs()))
                .uid("node-partitions");

        DataStream<DeadLetter> deadLetters = in.requests().deadLetters().union(
                in.nodeEvents().deadLetters(),
                in.feedback().deadLetters(),
                in.podStatus().deadLetters(),
                in.inventory().deadLetters(),
                appCommands.getSideOutput(DeadLetters.TAG),
                nodeCommands.getSideOutput(DeadLetters.TAG),
                gated.getSideOutput(DeadLetters.TAG),
                partitionOutputs.getSideOutput(DeadLetters.TAG));
        // Outcomes given at commit: the partitions' parts of a request, joined (no trip through the loop).
        DataStream<RequestOutcome> givenAtCommit = partitionOutputs.getSideOutput(NodePartitionOperator.OUTCOME_PARTS)
                .keyBy(OutcomeParts::key, Types.STRING)
                .process(new OutcomeParts(), FlinkKafka.typeInfo(RequestOutcome.class))
                .name("Outcome parts")
                .uid("outcome-parts");
        // Per request in the order decided (an ACCEPTED before its answer given at commit): one channel and one
        // producer per app, answers at commit held until the barrier (OutcomesInOrder).
        DataStream<RequestOutcome> appSide = appCommands.getSideOutput(AppLifecycleOperator.OUTCOMES);
        DataStream<RequestOutcome> outcomes = !outcomesInOrder ? appSide.union(givenAtCommit) : appSide
                .partitionCustom(OutcomesInOrder.BY_APP, OutcomesInOrder.APP)
                .connect(givenAtCommit.partitionCustom(OutcomesInOrder.BY_APP, OutcomesInOrder.APP))
                .transform("Outcomes in order", FlinkKafka.typeInfo(RequestOutcome.class), new OutcomesInOrder())
                .uid("outcomes-in-order")
                .forward();
        DataStream<PlacementFeedback> feedback = partitionOutputs.getSideOutput(NodePartitionOperator.FEEDBACK);
        if (waves != null) {
            deadLetters = deadLetters.union(in.migrations().deadLetters(), waves.getSideOutput(DeadLetters.TAG));
            outcomes = outcomes.union(waves.getSideOutput(PlanWavesFunction.OUTCOMES));
            feedback = feedback.union(appCommands.getSideOutput(AppLifecycleOperator.MIGRATIONS_SETTLED));
        }
        // The typed parts of the node partitions' output (chained, a check per record; unused by the Kafka sinks).
        DataStream<Placement> placements = partitionOutputs
                .flatMap(new PartitionOutput.Placements(), FlinkKafka.typeInfo(Placement.class))
                .name("Placements").uid("partition-placements");
        DataStream<NodeState> nodeStates = partitionOutputs
                .flatMap(new PartitionOutput.NodeStates(), FlinkKafka.typeInfo(NodeState.class))
                .name("Node snapshots").uid("partition-node-states");
        DataStream<PriorityChange> priorityChanges = partitionOutputs
                .flatMap(new PartitionOutput.PriorityChanges(), FlinkKafka.typeInfo(PriorityChange.class))
                .name("Priority changes").uid("partition-priority-changes");
        Outputs outputs = new Outputs(placements, outcomes, nodeStates, feedback, deadLetters, priorityChanges,
                partitionOutputs);
        sinks.write(outputs);
        return outputs;
    }

    /** Feedback about an app's pods (keyed by app on the way to the app side). */
    static final class PodResults implements FilterFunction<PlacementFeedback> {
        @Override
        public boolean filter(PlacementFeedback f) {
            return f.getAppId() != null;
        }
    }

    static final class FeedbackToRouting implements MapFunction<PlacementFeedback, RoutingInput> {
        @Override
        public RoutingInput map(PlacementFeedback f) {
            return new RoutingInput(f, null, 0L, null, 0L);
        }
    }

    static final class NodeChangeToRouting implements MapFunction<PartitionCommand, RoutingInput> {
        @Override
        public RoutingInput map(PartitionCommand c) {
            return new RoutingInput(null, c, 0L, null, 0L);
        }
    }

    /** The node directory's liveness verdicts ({@code verdicts}) or everything else it sends. */
    static final class LivenessVerdicts implements FilterFunction<PartitionCommand> {
        private final boolean verdicts;

        LivenessVerdicts(boolean verdicts) {
            this.verdicts = verdicts;
        }

        @Override
        public boolean filter(PartitionCommand c) {
            return (c.getLiveness() != null) == verdicts;
        }
    }

    static final class GateKey<T> implements KeySelector<T, String> {
        @Override
        public String getKey(T value) {
            return SilenceGate.KEY;
        }
    }

    /** Node events for the routers (host reports and liveness verdicts reach them through partition summaries). */
    static final class NodeChanges implements FilterFunction<PartitionCommand> {
        @Override
        public boolean filter(PartitionCommand c) {
            return c.getNodeEvent() != null;
        }
    }

    static final class StatusToReport implements MapFunction<PodStatus, HostReport> {
        @Override
        public HostReport map(PodStatus s) {
            return HostReport.newBuilder().setNodeId(s.getNodeId()).setTimeMs(s.getObservedAtMs()).setPodStatus(s).build();
        }
    }

    static final class InventoryToReport implements MapFunction<NodeInventory, HostReport> {
        @Override
        public HostReport map(NodeInventory i) {
            return HostReport.newBuilder().setNodeId(i.getNodeId()).setTimeMs(i.getObservedAtMs()).setInventory(i).build();
        }
    }

    /** Feedback about a partition's capacity (broadcast to every router). */
    static final class PartitionSummaries implements FilterFunction<PlacementFeedback> {
        @Override
        public boolean filter(PlacementFeedback f) {
            return f.getSummary() != null;
        }
    }
}
