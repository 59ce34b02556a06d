package io.sigmaflow.connectors.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.schema.DeadLetter;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    @Test
    void aHugeRecordsDeadLetterKeepsItsFirstBytesAndSaysWhatWasCut() {
        byte[] garbage = new byte[1_048_400];
        new Random(7).nextBytes(garbage);
        byte[] key = "k".repeat(5000).getBytes();
        DeadLetter d = DeadLetters.of(new KafkaBytes("sigma.requests", 1, 9, 0, key, garbage), "NOT_SINGLE_OBJECT",
                "r".repeat(10_000), "decode PlacementRequest");
        assertArrayEquals(Arrays.copyOf(garbage, DeadLetters.MAX_VALUE_BYTES), d.getValue().array());
        assertEquals(DeadLetters.MAX_KEY_BYTES, d.getKey().remaining());
        assertTrue(d.getReason().startsWith("r".repeat(DeadLetters.MAX_REASON_CHARS) + " ["), d.getReason().substring(4000));
        assertTrue(d.getReason().endsWith(" [key truncated to the first 1024 of 5000 bytes]"
                + " [value truncated to the first 65536 of 1048400 bytes]"
                + " [reason truncated to the first 4096 of 10000 characters]"), d.getReason().substring(4000));
        int encoded = AvroCodec.of(DeadLetter.class).encode(d).length;
        assertTrue(encoded < 72_000, encoded + " bytes");
    }

    @Test
    void aSmallRecordsDeadLetterIsUntouched() {
        DeadLetter d = DeadLetters.of(new KafkaBytes("t", 0, 1, 0, null, new byte[] {1, 2}), "CORRUPT", "why", "s");
        assertEquals("why", d.getReason());
        assertArrayEquals(new byte[] {1, 2}, d.getValue().array());
    }

    @Test
    void skippedRecordsAreParsedByPositionAndABadItemIsNamed() {
        SkippedRecords s = SkippedRecords.parse(" sigma.requests:3:1042, my:topic:0:7 ");
        assertEquals(Set.of("sigma.requests:3:1042", "my:topic:0:7"), s.positions());
        assertTrue(s.skips(new KafkaBytes("my:topic", 0, 7, 0, null, null)));
        assertTrue(!s.skips(new KafkaBytes("sigma.requests", 3, 1043, 0, null, null)));
        assertEquals(SkippedRecords.NONE, SkippedRecords.parse(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SkippedRecords.parse("sigma.requests:3:1042,sigma.requests:x:1"));
        assertEquals("'sigma.requests:x:1' is not TOPIC:PARTITION:OFFSET (e.g. sigma.requests:3:1042)", e.getMessage());
    }
}
