package io.sigmaflow.cli.whatif;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.connectors.view.LatestOutcomes;
import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.RequestOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what a what-if run commits, as executors and release systems would ({@code
 * read_committed}), and decides when the run has settled: when the job can have nothing left to do.
 *
 * <p>The job never ends by itself: its feedback loop is an unbounded Kafka source. It has nothing
 * left to do when, at once and for a whole settle period:
 * <ol>
 *   <li>its input is applied: every request has an outcome (the app side answers each request it
 *       takes, ACCEPTED first) and every node has a node-state record, or they went to dead
 *       letters;</li>
 *   <li>nothing is in flight in an output: no output partition holds records of a transaction not
 *       yet committed (its end offset read uncommitted equals its last stable offset) — what the
 *       job has processed but a checkpoint has not yet committed;</li>
 *   <li>this reader has caught up: its position on every output topic is at the last stable offset;</li>
 *   <li>nothing moved: no new output record, no new loop record during the period.</li>
 * </ol>
 * The loop is drained by then: a loop record is read back by the job within milliseconds of its
 * commit, and what it causes is written (in flight, 2) at once and committed by the next
 * checkpoint; the period ({@code --settle}, at least two checkpoint intervals) spans that. The
 * group's committed offsets are not waited for: the Kafka source commits them on its fetcher
 * thread, which on an idle topic sits in a 10 s poll (a constant of flink-connector-kafka 5.0),
 * so waiting for them made every run settle 10 to 15 s after its last decision.
 */
final class Quiescence implements AutoCloseable {
    private static final Duration CHECK_EVERY = Duration.ofMillis(250);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    /** Whether the run settled, and if not what was still moving. */
    record Verdict(boolean settled, String problem) {}

    private final Topics topics;
    private final String groupId;
    private final Duration settle;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final List<TopicPartition> outputs = new ArrayList<>();
    private final Set<String> requestIds;
    private final Set<String> nodeIds;
    /** Feedback partition -> one past its last committed record seen. */
    private final Map<TopicPartition, Long> feedbackEnds = new HashMap<>();

    final List<Placement> placements = new ArrayList<>();
    final List<RequestOutcome> outcomes = new ArrayList<>();
    final List<NodeState> nodeStates = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    private final AvroCodec<Placement> placementCodec = AvroCodec.of(Placement.class);
    private final AvroCodec<RequestOutcome> outcomeCodec = AvroCodec.of(RequestOutcome.class);
    private final AvroCodec<NodeState> nodeStateCodec = AvroCodec.of(NodeState.class);
    private final AvroCodec<DeadLetter> deadLetterCodec = AvroCodec.of(DeadLetter.class);
    private long recordsRead;
    /** For the progress line: requests with a final outcome, pods bound less unbound, each app's latest outcome. */
    private final Set<String> answered = new HashSet<>();
    private long bound;
    private final Map<String, RequestOutcome> latestByApp = new HashMap<>();
    private String lastState = "";

    Quiescence(String bootstrap, Topics topics, String groupId, Duration settle, Set<String> requestIds,
               Set<String> nodeIds) {
        this.topics = topics;
        this.groupId = groupId;
        this.settle = settle;
        this.requestIds = Set.copyOf(requestIds);
        this.nodeIds = Set.copyOf(nodeIds);
        consumer = StackClient.committedReader(bootstrap);
        for (Topic<?> t : List.of(topics.placements(), topics.outcomes(), topics.nodeState(), topics.deadLetters(),
                topics.placementFeedback(), topics.priorityChanges())) {
            outputs.addAll(partitions(t));
        }
        consumer.assign(outputs);
        consumer.seekToBeginning(outputs);
        Properties a = new Properties();
        a.putAll(KafkaClientConfig.clientProperties(bootstrap));
        admin = Admin.create(a);
    }

    /** The partitions of {@code topic} as created for this run. */
    static List<TopicPartition> partitions(Topic<?> topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (int i = 0; i < topic.partitions(); i++) {
            out.add(new TopicPartition(topic.name(), i));
        }
        return out;
    }

    /**
     * Reads until the run settles, {@code timeout} passes, or {@code jobEnded} says the job is no
     * longer running (returns why, or null while it runs).
     */
    Verdict await(Duration timeout, Supplier<String> jobEnded, java.io.PrintStream log, WhatIfProgress progress)
            throws Exception {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        long nextLog = begin + PROGRESS_EVERY.toNanos();
        long nextCheck = 0;
        long quietSince = -1;
        String quietState = null;
        while (true) {
            read();
            progress.update(answered.size(), bound, pending());
            long now = System.nanoTime();
            if (now < nextCheck) {
                continue;
            }
            nextCheck = now + CHECK_EVERY.toNanos();
            String ended = jobEnded.get();
            if (ended != null) {
                return new Verdict(false, "the job stopped before the run settled: " + ended);
            }
            String state = state();
            lastState = state;
            if (state.startsWith("quiet ")) {
                if (!state.equals(quietState)) {
                    quietState = state;
                    quietSince = now;
                } else if (now - quietSince >= settle.toNanos()) {
                    return new Verdict(true, null);
                }
            } else {
                quietState = null;
                if (now > nextLog) {
                    nextLog = now + PROGRESS_EVERY.toNanos();
                    log.printf("whatif: %d s: %s%n", (now - begin) / 1_000_000_000L, state);
                }
            }
            if (now > deadline) {
                return new Verdict(false, "not settled within " + timeout.toSeconds() + " s: " + lastState);
            }
        }
    }

    private void read() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            recordsRead++;
            if (r.value() == null) {
                continue;
            }
            String topic = r.topic();
            if (topic.equals(topics.placements().name())) {
                Placement p = placementCodec.decode(r.value());
                placements.add(p);
                bound += p.getAction() == io.sigmaflow.schema.PlacementAction.BIND ? 1 : -1;
            } else if (topic.equals(topics.outcomes().name())) {
                RequestOutcome o = outcomeCodec.decode(r.value());
                outcomes.add(o);
                if (o.getStatus() != io.sigmaflow.schema.OutcomeStatus.ACCEPTED) {
                    answered.add(o.getRequestId().toString());
                }
                LatestOutcomes.offer(latestByApp, o.getAppId(), o);
            } else if (topic.equals(topics.nodeState().name())) {
                nodeStates.add(nodeStateCodec.decode(r.value()));
            } else if (topic.equals(topics.deadLetters().name())) {
                deadLetters.add(deadLetterCodec.decode(r.value()));
            } else if (topic.equals(topics.placementFeedback().name())) {
                feedbackEnds.merge(new TopicPartition(topic, r.partition()), r.offset() + 1, Math::max);
            }
        }
    }

    /**
     * "quiet ..." with everything that must stay still when the run has nothing left to do, or what
     * is still moving.
     */
    private String state() throws Exception {
        long unconsumed = unapplied(requestIds, outcomes.stream().map(RequestOutcome::getRequestId),
                topics.requests().name())
                + unapplied(nodeIds, nodeStates.stream().map(NodeState::getNodeId), topics.nodeEvents().name());
        Map<TopicPartition, Long> stable = consumer.endOffsets(outputs, KAFKA_TIMEOUT);
        long behind = 0;
        for (TopicPartition tp : outputs) {
            behind += Math.max(0, stable.get(tp) - consumer.position(tp, KAFKA_TIMEOUT));
        }
        long inFlight = 0;
        if (unconsumed == 0 && behind == 0) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            outputs.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (TopicPartition tp : outputs) {
                inFlight += Math.max(0, ends.get(tp).offset() - stable.get(tp));
            }
        }
        if (unconsumed > 0 || behind > 0 || inFlight > 0) {
            return String.format("%d requests or nodes without an outcome or node state yet, %d output records not"
                    + " yet committed, %d not yet read; %d outcomes, %d placement records so far", unconsumed,
                    inFlight, behind, outcomes.size(), placements.size());
        }
        return "quiet " + recordsRead + " " + new TreeMap<>(feedbackEnds.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)));
    }

    private long pending() {
        long pending = 0;
        for (RequestOutcome o : latestByApp.values()) {
            pending += o.getPending();
        }
        return pending;
    }

    /** Expected ids not seen in the output, less the dead letters of the input topic (each may stand for one). */
    private long unapplied(Set<String> expected, Stream<String> seen, String inputTopic) {
        Set<String> missing = new HashSet<>(expected);
        seen.forEach(missing::remove);
        long dead = deadLetters.stream().filter(d -> inputTopic.equals(d.getSourceTopic())).count();
        return Math.max(0, missing.size() - dead);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
