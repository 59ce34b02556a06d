package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.placement.synthetic.SyntheticWorkload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The placer's decisions, explanations included, on seeded clusters (random node sizes, apps with
 * dispersion, a cluster filled past half), as one digest per case, recorded on main 43f3eba. A change
 * meant to keep every decision (the search's or the scores' bookkeeping, not their rules) must keep
 * these: the node, the runner-up, their scores and the number of candidates scored. A change of the
 * rules changes them on purpose: record the new digests (printed) with the change.
 */
class SearchOrderFingerprintTest {

    @ParameterizedTest(name = "{0} nodes, {1} pods, {2}/{3} hosts per chassis/chassis per switch, maxCandidates {4}")
    @CsvSource({
            "1000, 20000, 40, 25, 16, 1, e617ec57f8077623",
            "1000, 20000, 40, 25, 4, 2, a23b60ae415c8956",
            "600, 14000, 10, 6, 16, 3, 16b4ba046ead24ca",
            "400, 9000, 40, 5, 0, 4, 6a2272bde58a807e",
            "2000, 30000, 40, 25, 32, 5, eac205cb88e617ef",
    })
    void theDecisionsAreThoseRecorded(int nodes, int pods, int hostsPerChassis, int chassisPerSwitch,
                                                   int maxCandidates, long seed, String digest) throws Exception {
        List<Node> cluster = SyntheticCluster.generate(nodes, hostsPerChassis, chassisPerSwitch, seed);
        Placer placer = placer(profile(Map.of(PlacementConfig.MAX_CANDIDATES, String.valueOf(maxCandidates),
                PlacementConfig.PREEMPTION, "false")), cluster);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        int bound = 0;
        for (Pod pod : SyntheticWorkload.generate(pods, seed).pods()) {
            PlacementDecision d = placer.place(pod);
            Explanation e = d.explanation();
            String line = pod.id() + ">" + d.status() + ":" + d.nodeId()
                    + (e == null ? "" : "|" + e.scores() + "|" + e.total() + "|" + e.runnerUpNodeId() + "|"
                    + e.runnerUpScores() + "|" + e.runnerUpTotal() + "|" + e.candidatesScored()) + "\n";
            sha.update(line.getBytes(StandardCharsets.UTF_8));
            bound += d.isBound() ? 1 : 0;
        }
        String actual = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        System.out.println("digest " + nodes + "/" + pods + "/" + maxCandidates + ": " + actual + " (" + bound + " bound)");
        assertEquals(digest, actual);
    }
}
