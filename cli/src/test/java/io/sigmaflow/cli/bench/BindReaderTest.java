package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementExplanation;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class BindReaderTest {
    private static Placement bind() {
        return Placement.newBuilder().setPodId("web-7").setAppId("web").setNodeId("n-0042")
                .setAction(PlacementAction.BIND).setGeneration(3).setResources(new Resources(1_500L, 2_048L, 10L))
                .setPriority(7).setQos(QosClass.BE)
                .setPayload(new Payload("/usr/bin/sleep", List.of("infinity"), Map.of("A", "b")))
                .setRequestId("req-1").setReason("why not")
                .setExplanation(new PlacementExplanation(Map.of("Dispersion", 1.0), "n-0001", Map.of("Dispersion", 0.5), 9))
                .setDecidedAtMs(1_765_000_000_123L).setGpus(List.of(0, 3))
                .setCompactExplanation(CompactExplanation.newBuilder().setScoreProfile(1).setListed(0b111L)
                        .setWinnerScores(List.of(100f, 87.5f, 100f)).setRunnerUpNodeId("n3")
                        .setRunnerUpScores(List.of(50f, 75f, 100f)).setFeasibleNodes(2).build())
                .build();
    }

    @Test
    void readsEveryKeptFieldAsTheFullDecoderDoesAndDropsTheExplanationsAndPayload() {
        byte[] value = AvroCodec.of(Placement.class).encode(bind());
        BindReader reader = new BindReader();
        assertTrue(reader.projects(value), "a BIND of this build takes the projection");
        Placement fast = reader.read(value);
        Placement expected = AvroCodec.of(Placement.class).decode(value);
        expected.setPayload(null);
        expected.setExplanation(null);
        expected.setCompactExplanation(null);
        assertEquals(expected, fast);
        // not vacuous: the kept fields came through
        assertEquals("n-0042", fast.getNodeId().toString());
        assertEquals(2_048L, fast.getResources().getMemoryMb());
        assertEquals(List.of(0, 3), fast.getGpus());
        assertEquals("req-1", fast.getRequestId().toString());
        assertNull(fast.getCompactExplanation());
    }

    @Test
    void theFullReadingKeepsTheExplanationForTheSampledBinds() {
        byte[] value = AvroCodec.of(Placement.class).encode(bind());
        Placement full = new BindReader().readFully(value);
        assertNotNull(full.getCompactExplanation());
        assertEquals(bind(), full);
    }

    @Test
    void successiveReadsDoNotShareState() {
        BindReader reader = new BindReader();
        Placement first = bind();
        Placement second = Placement.newBuilder(bind()).setPodId("web-8").setNodeId("n-7").setGpus(List.of()).build();
        AvroCodec<Placement> codec = AvroCodec.of(Placement.class);
        Placement a = reader.read(codec.encode(first));
        Placement b = reader.read(codec.encode(second));
        assertEquals("web-7", a.getPodId().toString());
        assertEquals("web-8", b.getPodId().toString());
        assertEquals(List.of(), b.getGpus());
    }

    @Test
    void theProjectionKeepsEveryFieldInPlaceAndEmptiesOnlyTheSkippedRecords() {
        Schema full = Placement.getClassSchema();
        Schema projected = BindReader.projection(full);
        assertEquals(full.getFields().size(), projected.getFields().size());
        for (Schema.Field f : full.getFields()) {
            Schema.Field p = projected.getField(f.name());
            assertEquals(f.pos(), p.pos(), f.name());
            if (!BindReader.SKIPPED.contains(f.name())) {
                assertEquals(f.schema(), p.schema(), f.name());
            } else {
                Schema record = p.schema().getTypes().get(1);
                assertEquals(f.schema().getTypes().get(1).getFullName(), record.getFullName());
                assertEquals(0, record.getFields().size(), f.name());
            }
        }
    }
}
