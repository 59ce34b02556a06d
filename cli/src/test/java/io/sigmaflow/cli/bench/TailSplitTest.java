package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A BIND's latency split at the checkpoint that made it readable; the tail's parts and where it came from. */
class TailSplitTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true);

    /** Checkpoints back to back every 100 ms from 0 to {@code endMs}, each taking 50 ms, one of them {@code slowMs}. */
    private static List<TailSplit.Checkpoint> checkpoints(long endMs, long slowId, long slowMs) {
        List<TailSplit.Checkpoint> out = new ArrayList<>();
        long t = 0;
        for (long id = 1; t < endMs; id++) {
            long duration = id == slowId ? slowMs : 50;
            out.add(new TailSplit.Checkpoint(id, t, t + duration));
            t += Math.max(100, duration);
        }
        return out;
    }

    @Test
    void aBindSplitsAtTheCheckpointThatMadeItReadable() {
        // Sent at 10: the checkpoint triggered at 100 completes at 150; read at 160.
        Map<String, Object> split = TailSplit.of(List.of(new TailSplit.Bind(10, 160)), checkpoints(1_000, 0, 0), log);
        assertEquals(90L, split.get("tail_to_barrier_ms_p50"));
        assertEquals(50L, split.get("tail_checkpoint_ms_p50"));
        assertEquals(10L, split.get("tail_to_readable_ms_p50"));
        assertEquals(0L, split.get("tail_missed_p50"));
        assertEquals(1, split.get("tail_checkpoints"));
    }

    @Test
    void aRequestSlowerThanAnIntervalMissesACheckpoint() {
        // Sent at 10; checkpoint 2 (100-150) passed without it; checkpoint 3 (200-250) holds it.
        Map<String, Object> split = TailSplit.of(List.of(new TailSplit.Bind(10, 270)), checkpoints(1_000, 0, 0), log);
        assertEquals(190L, split.get("tail_to_barrier_ms_p50"));
        assertEquals(1L, split.get("tail_missed_p50"));
        assertEquals(20L, split.get("tail_to_readable_ms_p50"));
    }

    @Test
    void aTailFromOneSlowCheckpointIsSaidToComeOutOfIt() {
        // Checkpoint 31 (triggered at 3,000) takes 900 ms; 200 BINDs, one sent every 50 ms, each
        // written 10 ms after its send and readable 10 ms after the first checkpoint triggered after
        // that: the slowest wait for checkpoint 31, or were written during it and wait for 32 too.
        List<TailSplit.Checkpoint> cps = checkpoints(20_000, 31, 900);
        List<TailSplit.Bind> binds = new ArrayList<>();
        for (long sent = 2_000; sent < 12_000; sent += 50) {
            long written = sent + 10;
            long read = cps.stream().filter(c -> c.triggeredMs() >= written).mapToLong(TailSplit.Checkpoint::completedMs)
                    .min().orElseThrow() + 10;
            binds.add(new TailSplit.Bind(sent, read));
        }
        Map<String, Object> split = TailSplit.of(binds, cps, log);
        assertEquals(3L, split.get("tail_binds"), logged.toString());
        assertEquals(2, split.get("tail_checkpoints"), logged.toString());
        assertEquals(900L, split.get("tail_checkpoint_ms_p50"), logged.toString());
        assertTrue(logged.toString().contains("came out of 2 checkpoint(s)"), logged.toString());
    }

    @Test
    void theP99AfterWarmUpLeavesTheFirstSecondsOut() {
        List<TailSplit.Bind> binds = new ArrayList<>();
        for (long sent = 0; sent < 20_000; sent += 10) {
            long latency = sent < TailSplit.WARM_UP_MS ? 3_000 : 400;
            binds.add(new TailSplit.Bind(sent, sent + latency));
        }
        Map<String, Object> split = TailSplit.of(binds, List.of(), log);
        assertEquals(400L, split.get("p99_ms_after_warmup"));
        assertEquals(500L, split.get("tail_in_warmup"));
        assertEquals(0, split.get("tail_checkpoints")); // no checkpoints seen: nothing split
        assertTrue(logged.toString().contains("0-5 s: 3000 ms (500), 5-10 s: 400 ms (500)"), logged.toString());
    }

    @Test
    void noRequestAfterTheWarmUpGivesNoP99AfterIt() {
        List<TailSplit.Bind> binds = List.of(new TailSplit.Bind(0, 900), new TailSplit.Bind(10, 1_200));
        Map<String, Object> split = TailSplit.of(binds, List.of(), log);
        assertTrue(split.containsKey("p99_ms_after_warmup") && split.get("p99_ms_after_warmup") == null, split.toString());
        assertTrue(split.containsKey("tail_warm_to_barrier_ms_p50") && split.get("tail_warm_to_barrier_ms_p50") == null,
                split.toString());
    }
}
