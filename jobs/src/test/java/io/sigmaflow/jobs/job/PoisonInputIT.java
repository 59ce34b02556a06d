package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.Resources;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.avro.SchemaNormalization;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's records against the real job (no restarts allowed: a failure ends it) on the real
 * broker, in one run: the 31-byte record with a string length of 2^33, a 600 KB app id, a 600 KB
 * request id sent twice, pod status from a 400 KB node id, 1,048,400 bytes of garbage, 2.3e18
 * millicores, a record skipped by setting, a placement over the record limit; then a valid request.
 */
class PoisonInputIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The smallest limit allowed, so that an ordinary request can make a placement over it. */
    private static final int LIMIT = 131_072;

    @Test
    void noRecordStopsTheJobEachBadOneIsOneDeadLetterAndEveryOutputIsWithinTheLimit() throws Exception {
        String skippedApp = "poison-skip";
        Map<String, String> limit = Map.of(PlacementJobConfig.MAX_RECORD_BYTES, String.valueOf(LIMIT));
        try (RunningJob job = RunningJob.prepare("poison", limit)) {
            // The skipped app's first request is offset 0 of its (fresh) partition: skip it by setting.
            String requests = job.topics.requests().name();
            int skippedPartition = Topic.partitionOf(skippedApp, 2);
            job.start(2, 0, c -> PlacementJob.onKafka(PlacementJobConfig.from(Map.of(
                    PlacementJobConfig.BOOTSTRAP, c.bootstrapServers(), PlacementJobConfig.TOPIC_PREFIX, c.topicPrefix(),
                    PlacementJobConfig.PARTITIONS, "2", PlacementJobConfig.GROUP_ID, c.groupId(),
                    PlacementJobConfig.WATERMARK_IDLENESS, "300ms", PlacementJobConfig.MAX_RECORD_BYTES, String.valueOf(LIMIT),
                    PlacementJobConfig.SKIP_RECORDS, requests + ":" + skippedPartition + ":0"))));
            job.kafka.produce(job.topics.nodeEvents(), topology(1, 1, 2, 8000, 16384));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 2, WAIT);

            job.kafka.produce(job.topics.requests(), publish("skipped", skippedApp, 1, template(100, 64)));
            byte[] poison = poison();
            job.kafka.produceRaw(requests, "web", poison);
            String hugeApp = "a".repeat(600_000);
            // Keyed short: keyed by its own app id the record would be over the producer's limit.
            job.kafka.produceRaw(requests, "huge", AvroCodec.of(PlacementRequest.class)
                    .encode(publish("huge-app", hugeApp, 1, template(100, 64))));
            String hugeId = "r".repeat(600_000);
            job.kafka.produce(job.topics.requests(), publish(hugeId, "dup", 1, template(100, 64)),
                    publish(hugeId, "dup", 1, template(100, 64)));
            job.kafka.produce(job.topics.podStatus(), new PodStatus("n".repeat(400_000), "web-0", "web", 1L,
                    PodState.RUNNING, null, null, System.currentTimeMillis()));
            byte[] garbage = new byte[1_048_400];
            new Random(10).nextBytes(garbage);
            job.kafka.produceRaw(requests, "garbage", garbage);
            job.kafka.produce(job.topics.requests(), publish("too-big", "giant", 1,
                    PodTemplate.newBuilder(template(100, 64)).setResources(new Resources(2_300_000_000_000_000_000L, 64L, 0L)).build()));
            PodTemplate fat = template(100, 64);
            fat.getPayload().setEnv(Map.of("A", "x".repeat(60_000), "B", "y".repeat(60_000), "C", "z".repeat(60_000)));
            job.kafka.produce(job.topics.requests(), publish("fat", "fat", 1, fat));
            job.kafka.produce(job.topics.requests(), publish("valid", "web", 2, template(1000, 1024)));

            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> has(l, "valid", OutcomeStatus.PLACED) && has(l, "too-big", OutcomeStatus.REJECTED)
                            && has(l, "fat", OutcomeStatus.PLACED), WAIT);
            assertTrue(has(outcomes, "valid", OutcomeStatus.PLACED), outcomes.toString());
            RequestOutcome rejected = outcomes.stream().filter(o -> o.getRequestId().equals("too-big")).findFirst().orElseThrow();
            assertTrue(rejected.getMessage().startsWith("template.resources.cpuMillis: 2300000000000000000 is more than"
                    + " the largest node may have"), rejected.getMessage());
            assertTrue(outcomes.stream().noneMatch(o -> o.getRequestId().equals("skipped") || o.getRequestId().equals(hugeId)
                    || o.getAppId().equals(hugeApp)), "no outcome for a record refused at the edge");

            List<DeadLetter> dead = job.kafka.consumeUntil(job.topics.deadLetters(), l -> l.size() >= 9, WAIT);
            one(dead, "the skipped record", d -> d.getErrorType().equals(DeadLetters.SKIPPED)
                    && d.getSourcePartition() == skippedPartition && d.getSourceOffset() == 0);
            DeadLetter corrupt = one(dead, "the 31-byte record", d -> d.getErrorType().equals("CORRUPT"));
            assertTrue(corrupt.getReason().contains("PlacementRequest.requestId: length 8589934592, but only 16 bytes left"),
                    corrupt.getReason());
            assertEquals(31, corrupt.getValue().remaining());
            one(dead, "the 600 KB app id", d -> d.getReason().startsWith("appId: an id of at most 253 characters, got 600000"));
            assertEquals(2, dead.stream().filter(d -> d.getReason().startsWith(
                    "requestId: an id of at most 253 characters, got 600000")).count(), "one each for the request sent twice");
            one(dead, "the 400 KB node id", d -> d.getReason().startsWith("nodeId: an id of at most 253 characters, got 400000")
                    && d.getSourceTopic().equals(job.topics.podStatus().name()));
            DeadLetter junk = one(dead, "the garbage", d -> d.getErrorType().equals("NOT_SINGLE_OBJECT"));
            assertTrue(junk.getReason().endsWith("[value truncated to the first 65536 of 1048400 bytes]"), junk.getReason());
            assertEquals(DeadLetters.MAX_VALUE_BYTES, junk.getValue().remaining());
            one(dead, "2.3e18 millicores", d -> d.getErrorType().equals("INVALID") && d.getReason().startsWith("template.resources.cpuMillis"));
            DeadLetter tooLarge = one(dead, "the fat placement", d -> d.getErrorType().equals(DeadLetters.TOO_LARGE));
            assertEquals(job.topics.placements().name(), tooLarge.getSourceTopic());
            assertEquals(9, dead.size(), dead.stream().map(d -> d.getErrorType() + " " + d.getReason()
                    .substring(0, Math.min(100, d.getReason().length()))).toList().toString());

            assertEquals(JobStatus.RUNNING, job.client().getJobStatus().get(), "no restarts are allowed: running means none failed");
            for (Topic<?> out : List.of(job.topics.placements(), job.topics.outcomes(), job.topics.nodeState(),
                    job.topics.placementFeedback(), job.topics.deadLetters(), job.topics.priorityChanges())) {
                List<ConsumerRecord<byte[], byte[]>> written = job.kafka.consumeRawUntil(out.name(), l -> false, Duration.ofSeconds(1));
                for (ConsumerRecord<byte[], byte[]> r : written) {
                    int size = (r.key() == null ? 0 : r.key().length) + r.value().length;
                    assertTrue(size <= LIMIT, out.name() + "@" + r.offset() + " has " + size + " bytes");
                }
                if (out.equals(job.topics.deadLetters())) {
                    assertEquals(9, written.size(), "no dead letter came later");
                }
            }
        }
    }

    private static boolean has(List<RequestOutcome> outcomes, String requestId, OutcomeStatus status) {
        return outcomes.stream().anyMatch(o -> o.getRequestId().equals(requestId) && o.getStatus() == status);
    }

    private static DeadLetter one(List<DeadLetter> dead, String what, Predicate<DeadLetter> which) {
        List<DeadLetter> matching = dead.stream().filter(which).toList();
        assertEquals(1, matching.size(), what + ": " + dead.stream().map(d -> d.getErrorType() + " "
                + d.getReason().substring(0, Math.min(120, d.getReason().length()))).toList());
        return matching.get(0);
    }

    /** C3 01, the PlacementRequest fingerprint, a zig-zag varint string length of 2^33, zeros: 31 bytes. */
    private static byte[] poison() {
        long fingerprint = SchemaNormalization.parsingFingerprint64(PlacementRequest.getClassSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)) & 0xFF);
        }
        for (long v = 1L << 34; ; v >>>= 7) {
            if ((v & ~0x7FL) == 0) {
                out.write((int) v);
                break;
            }
            out.write((int) ((v & 0x7F) | 0x80));
        }
        out.writeBytes(new byte[31 - out.size()]);
        assertEquals(31, out.size());
        assertTrue(AvroCodec.fingerprint(out.toByteArray()) == fingerprint);
        return out.toByteArray();
    }
}
