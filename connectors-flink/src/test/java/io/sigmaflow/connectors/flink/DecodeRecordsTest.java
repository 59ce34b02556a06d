package io.sigmaflow.connectors.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeRecordsTest {
    private static final RecordValidator<PlacementRequest> POSITIVE_REPLICAS =
            r -> r.getReplicas() != null && r.getReplicas() < 0 ? "replicas must be >= 0, got " + r.getReplicas() : null;

    @Test
    void goodRecordsPassCorruptAndInvalidOnesBecomeDeadLettersWithTheirBytes() throws Exception {
        AvroCodec<PlacementRequest> codec = AvroCodec.of(PlacementRequest.class);
        PlacementRequest good = SampleRecords.publish("r-1", "cart", 3);
        PlacementRequest invalid = SampleRecords.publish("r-2", "cart", -1);
        byte[] corrupt = "not avro".getBytes(StandardCharsets.UTF_8);
        byte[] wrongType = AvroCodec.of(Placement.class).encode(SampleRecords.placement("p", "n", 1));

        try (OneInputStreamOperatorTestHarness<KafkaBytes, PlacementRequest> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeRecords<>(PlacementRequest.class, POSITIVE_REPLICAS))) {
            harness.processElement(bytes(0, codec.encode(good)), 0);
            harness.processElement(bytes(1, corrupt), 0);
            harness.processElement(bytes(2, codec.encode(invalid)), 0);
            harness.processElement(bytes(3, wrongType), 0);
            harness.processElement(bytes(4, null), 0);

            assertEquals(List.of(good), harness.extractOutputValues());
            List<DeadLetter> dead = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertEquals(List.of("NOT_SINGLE_OBJECT", "INVALID", "UNKNOWN_SCHEMA", "EMPTY"),
                    dead.stream().map(DeadLetter::getErrorType).toList());
            DeadLetter first = dead.get(0);
            assertEquals("sigma.requests", first.getSourceTopic());
            assertEquals(5, first.getSourcePartition());
            assertEquals(1, first.getSourceOffset());
            assertArrayEquals(corrupt, first.getValue().array());
            assertArrayEquals("cart".getBytes(StandardCharsets.UTF_8), first.getKey().array());
            assertTrue(dead.get(1).getReason().startsWith("replicas must be >= 0, got -1 at sigma.requests-5@2"),
                    dead.get(1).getReason());
            assertEquals("decode PlacementRequest", dead.get(1).getStage());
        }
    }

    private static KafkaBytes bytes(long offset, byte[] value) {
        return new KafkaBytes("sigma.requests", 5, offset, 1000L, "cart".getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void aThrowingValidatorASkippedPositionAndAnOversizedIdAreDeadLettersToo() throws Exception {
        AvroCodec<PlacementRequest> codec = AvroCodec.of(PlacementRequest.class);
        RecordValidator<PlacementRequest> throwing = r -> {
            if (r.getReplicas() == 13) {
                throw new IllegalStateException("unlucky");
            }
            return null;
        };
        try (OneInputStreamOperatorTestHarness<KafkaBytes, PlacementRequest> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeRecords<>(PlacementRequest.class, throwing,
                        SkippedRecords.parse("sigma.requests:5:1")))) {
            harness.processElement(bytes(0, codec.encode(SampleRecords.publish("r-1", "cart", 13))), 0);
            harness.processElement(bytes(1, codec.encode(SampleRecords.publish("r-2", "cart", 1))), 0);
            harness.processElement(bytes(2, codec.encode(SampleRecords.publish("r-3", "a".repeat(600_000), 1))), 0);
            harness.processElement(bytes(3, codec.encode(SampleRecords.publish("r-4", "cart", 1))), 0);

            assertEquals(List.of("r-4"), harness.extractOutputValues().stream().map(PlacementRequest::getRequestId).toList());
            List<DeadLetter> dead = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertEquals(List.of("INVALID", "SKIPPED", "INVALID"), dead.stream().map(DeadLetter::getErrorType).toList());
            assertEquals("the validator failed on this record: java.lang.IllegalStateException: unlucky at sigma.requests-5@0",
                    dead.get(0).getReason());
            assertEquals("skipped by operator setting sigmaflow.skip-records at sigma.requests-5@1", dead.get(1).getReason());
            assertTrue(dead.get(2).getReason().startsWith("appId: an id of at most 253 characters, got 600000"),
                    dead.get(2).getReason().substring(0, 80));
            assertTrue(dead.get(2).getReason().contains("[value truncated to the first 65536 of 600"), "truncation noted");
        }
    }

    @Test
    void aFaultOfTheJvmIsNotHiddenInADeadLetter() throws Exception {
        AvroCodec<PlacementRequest> codec = AvroCodec.of(PlacementRequest.class);
        RecordValidator<PlacementRequest> untrusted = r -> {
            throw new SecurityException("Forbidden io.sigmaflow.schema.PlacementRequest!");
        };
        try (OneInputStreamOperatorTestHarness<KafkaBytes, PlacementRequest> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeRecords<>(PlacementRequest.class, untrusted))) {
            SecurityException e = org.junit.jupiter.api.Assertions.assertThrows(SecurityException.class,
                    () -> harness.processElement(bytes(0, codec.encode(SampleRecords.publish("r-1", "cart", 1))), 0));
            assertEquals("Forbidden io.sigmaflow.schema.PlacementRequest!", e.getMessage());
        }
    }

    @Test
    void aRecordTheSignatureCheckRefusesIsASignatureDeadLetterAndTheHeaderIsRead() throws Exception {
        AvroCodec<PlacementRequest> codec = AvroCodec.of(PlacementRequest.class);
        SignatureCheck<PlacementRequest> signed = (raw, r) -> {
            if (r.getReplicas() == 13) {
                throw new IllegalStateException("unlucky");
            }
            return raw.signature == null ? "request for app " + r.getAppId() + " has no signature" : null;
        };
        org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> consumed = new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                "sigma.requests", 5, 1, "cart".getBytes(StandardCharsets.UTF_8), codec.encode(SampleRecords.publish("r-2", "cart", 1)));
        consumed.headers().add(io.sigmaflow.connectors.security.HostSignatures.HEADER, new byte[] {1, 2});
        KafkaBytes withHeader = KafkaBytes.of(consumed);
        assertArrayEquals(new byte[] {1, 2}, withHeader.signature);
        try (OneInputStreamOperatorTestHarness<KafkaBytes, PlacementRequest> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeRecords<>(PlacementRequest.class,
                        RecordValidator.acceptAll(), SkippedRecords.NONE, signed))) {
            harness.processElement(bytes(0, codec.encode(SampleRecords.publish("r-1", "cart", 1))), 0);
            harness.processElement(withHeader, 0);
            harness.processElement(bytes(2, codec.encode(SampleRecords.publish("r-3", "cart", 13))), 0);

            assertEquals(List.of("r-2"), harness.extractOutputValues().stream().map(PlacementRequest::getRequestId).toList());
            List<DeadLetter> dead = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertEquals(List.of(DeadLetters.SIGNATURE, DeadLetters.SIGNATURE), dead.stream().map(DeadLetter::getErrorType).toList());
            assertEquals("request for app cart has no signature at sigma.requests-5@0", dead.get(0).getReason());
            assertTrue(dead.get(1).getReason().startsWith("the signature check failed on this record: "
                    + "java.lang.IllegalStateException: unlucky"), dead.get(1).getReason());
        }
    }
}
