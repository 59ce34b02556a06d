package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The host-facing topics' sizing rule against the real partitioner (murmur2 of the node id). */
class ReadAmplificationTest {
    @Test
    void theRuleKeepsRecordsFetchedPerPlacementAtMostTwentyWhereEightPartitionsGiveAnEighthOfTheFleet() {
        assertEquals(8, ReadAmplification.partitionsFor(100));
        assertEquals(63, ReadAmplification.partitionsFor(1_000));
        assertEquals(625, ReadAmplification.partitionsFor(10_000));
        for (int hosts : List.of(1_000, 10_000)) {
            List<String> nodes = ReadAmplification.hostNames(hosts);
            double today = ReadAmplification.fetchedPerPlacement(nodes, 8, null)[0];
            double sized = ReadAmplification.fetchedPerPlacement(nodes, ReadAmplification.partitionsFor(hosts), null)[0];
            assertTrue(today > hosts / 8.0 - 1, hosts + " hosts on 8 partitions: " + today);
            assertTrue(sized <= 20, hosts + " hosts, sized: " + sized);
        }
    }

    @Test
    void countsEachPlacementOnceForEveryHostOfItsPartition() {
        List<String> nodes = List.of("a", "b", "c");
        // One partition: every host fetches every placement.
        assertEquals(3.0, ReadAmplification.fetchedPerPlacement(nodes, 1, List.of("a", "a", "b"))[0]);
    }
}
