package io.sigmaflow.placement.placer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.Resources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** A BIND's explanation read back from either wire form, as {@code ./sigma explain} shows it. */
class RecordedScoresTest {
    static final List<String> PROFILE = List.of("Dispersion", "NodeResourcesAllocated", "BalancedAllocation", "GpuFragmentation");

    /** A pod without GPUs: GpuFragmentation scored 0 on both nodes. */
    static Explanation explanation() {
        return new Explanation(PROFILE, ScoreProfileId.of(PROFILE), "n1", new double[] {100, 100.0 / 3, 87.5, 0}, 0,
                "n2", new double[] {50, 25, 0, 0}, 0, 16);
    }

    @Test
    void aCompactBindReadsBackEveryPluginOfTheProfileAtFloatPrecision() throws IOException {
        Placement back = roundTrip(bind().setCompactExplanation(explanation().toCompact()).build());
        RecordedScores r = RecordedScores.of(back, PROFILE);

        assertEquals(Map.of("Dispersion", 100.0, "NodeResourcesAllocated", 33.333332, "BalancedAllocation", 87.5,
                "GpuFragmentation", 0.0), r.winner());
        assertEquals(Map.of("Dispersion", 50.0, "NodeResourcesAllocated", 25.0, "BalancedAllocation", 0.0,
                "GpuFragmentation", 0.0), r.runnerUp());
        assertEquals(List.copyOf(PROFILE), List.copyOf(r.winner().keySet()), "profile order");
        assertEquals("n2", r.runnerUpNodeId());
        assertEquals(16, r.feasibleNodes());
        assertNull(r.otherProfile());
    }

    @Test
    void aPluginThatScoredZeroForBothNodesIsLeftOffTheWire() {
        CompactExplanation c = explanation().toCompact();
        assertEquals(0b0111L, c.getListed(), "GpuFragmentation (position 3) not listed");
        assertEquals(3, c.getWinnerScores().size());
        assertEquals(List.of(50f, 25f, 0f), c.getRunnerUpScores(), "BalancedAllocation listed: the winner's is not 0");
    }

    @Test
    void theCompactFormIsAThirdOfTheNamedOneOrLess() throws IOException {
        Explanation e = explanation();
        int named = size(bind().setExplanation(e.toAvro()).build()) - size(bind().build());
        int compact = size(bind().setCompactExplanation(e.toCompact()).build()) - size(bind().build());
        assertTrue(compact * 3 <= named, "compact " + compact + " bytes, named " + named);
    }

    @Test
    void aBindWrittenBeforeV3ReadsFromItsNamedMaps() throws IOException {
        Placement back = roundTrip(bind().setExplanation(explanation().toAvro()).build());
        RecordedScores r = RecordedScores.of(back, PROFILE);
        assertEquals(100.0 / 3, r.winner().get("NodeResourcesAllocated"), 1e-12, "doubles as written");
        assertEquals(4, r.runnerUp().size());
        assertEquals("n2", r.runnerUpNodeId());
        assertNull(r.otherProfile());
    }

    @Test
    void anotherProfileShowsListedPositionsAndSaysWhy() {
        List<String> reader = List.of("Dispersion", "NodeResourcesAllocated", "BalancedAllocation");
        assertNotEquals(ScoreProfileId.of(PROFILE), ScoreProfileId.of(reader));
        RecordedScores r = RecordedScores.of(bind().setCompactExplanation(explanation().toCompact()).build(), reader);
        assertEquals(Map.of("#0", 100.0, "#1", 33.333332, "#2", 87.5), r.winner());
        assertTrue(r.otherProfile().contains("other than this reader's"), r.otherProfile());
    }

    @Test
    void noRunnerUpAndNoExplanation() {
        Explanation alone = new Explanation(PROFILE, ScoreProfileId.of(PROFILE), "n1", new double[] {100, 50, 50, 0}, 0,
                null, null, 0, 1);
        RecordedScores r = RecordedScores.of(bind().setCompactExplanation(alone.toCompact()).build(), PROFILE);
        assertNull(r.runnerUpNodeId());
        assertEquals(Map.of(), r.runnerUp());
        assertEquals(4, r.winner().size());
        assertNull(RecordedScores.of(bind().build(), PROFILE), "a BIND into a reservation slot carries none");
    }

    @Test
    void aMalformedExplanationSaysSoInsteadOfFailing() {
        CompactExplanation c = explanation().toCompact();
        c.setWinnerScores(List.of(1f));
        RecordedScores r = RecordedScores.of(bind().setCompactExplanation(c).build(), PROFILE);
        assertEquals(Map.of(), r.winner());
        assertTrue(r.otherProfile().startsWith("malformed explanation: 3 plugins listed, 1 winner"), r.otherProfile());
    }

    private static Placement.Builder bind() {
        return Placement.newBuilder().setPodId("web-0").setAppId("web").setNodeId("n1").setAction(PlacementAction.BIND)
                .setGeneration(1).setResources(new Resources(1_000L, 1_024L, 0L));
    }

    private static int size(Placement p) throws IOException {
        return encode(p).length;
    }

    private static byte[] encode(Placement p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Placement.class).write(p, enc);
        enc.flush();
        return out.toByteArray();
    }

    private static Placement roundTrip(Placement p) throws IOException {
        return new SpecificDatumReader<>(Placement.class).read(null, DecoderFactory.get().binaryDecoder(encode(p), null));
    }
}
