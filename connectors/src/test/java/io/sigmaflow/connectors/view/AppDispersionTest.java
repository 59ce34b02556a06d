package io.sigmaflow.connectors.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.connectors.view.AppDispersion.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Dispersion verdicts per level, as a table: where the pods of app "a" are, and how full the nodes are. */
class AppDispersionTest {

    /**
     * A cluster of 2 switches x 2 chassis x 2 hosts ({@code n1..n8}: n1, n2 on s1/c1; n3, n4 on
     * s1/c2; n5, n6 on s2/c3; n7, n8 on s2/c4), each 4 cores / 8 GiB. {@code pods} lists the host of
     * every 1-core pod of app "a"; {@code filled} hosts are topped up by app "z" so they have no room.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("one pod per host", List.of(1, 2, 3, 4, 5, 6, 7, 8), List.of(),
                        "4 4", "2 2 | 2 2", "1 1 | 1 1 | 1 1 | 1 1", Verdict.EVEN, Verdict.EVEN, Verdict.EVEN),
                Arguments.of("three pods: 2/1 is as even as it gets", List.of(1, 3, 5), List.of(),
                        "2 1", "1 1 | 1 0", "1 0 | 1 0 | 1 0 | 0 0", Verdict.EVEN, Verdict.EVEN, Verdict.EVEN),
                Arguments.of("two on one host while its neighbour is empty", List.of(1, 1), List.of(),
                        "2 0", "2 0 | 0 0", "2 0 | 0 0 | 0 0 | 0 0", Verdict.UNEVEN, Verdict.UNEVEN, Verdict.UNEVEN),
                Arguments.of("crowded because the lighter domains are full", List.of(1, 1), List.of(2, 3, 4, 5, 6, 7, 8),
                        "2 0", "2 0 | 0 0", "2 0 | 0 0 | 0 0 | 0 0", Verdict.NO_ROOM, Verdict.NO_ROOM, Verdict.NO_ROOM),
                Arguments.of("switch full elsewhere, but a chassis with room", List.of(1, 1, 2, 2), List.of(5, 6, 7, 8),
                        "4 0", "4 0 | 0 0", "2 2 | 0 0 | 0 0 | 0 0", Verdict.NO_ROOM, Verdict.UNEVEN, Verdict.EVEN),
                Arguments.of("no pods at all", List.of(), List.of(),
                        "0 0", "0 0 | 0 0", "0 0 | 0 0 | 0 0 | 0 0", Verdict.EVEN, Verdict.EVEN, Verdict.EVEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictsPerLevel(String name, List<Integer> pods, List<Integer> filled, String switches, String chassis,
            String hosts, Verdict switchVerdict, Verdict chassisVerdict, Verdict hostVerdict) {
        AppDispersion d = AppDispersion.of(cluster(pods, filled), "a");
        assertEquals(pods.size(), d.pods());
        assertEquals(List.of(switches, chassis, hosts), d.levels().stream().map(AppDispersionTest::counts).toList());
        assertEquals(List.of(switchVerdict, chassisVerdict, hostVerdict),
                d.levels().stream().map(AppDispersion.LevelSpread::verdict).toList());
    }

    private static String counts(AppDispersion.LevelSpread level) {
        return level.groups().stream()
                .map(g -> g.counts().values().stream().map(String::valueOf).collect(Collectors.joining(" ")))
                .collect(Collectors.joining(" | "));
    }

    static CommittedCluster cluster(List<Integer> podsOfA, List<Integer> filled) {
        List<CommittedCluster.Node> nodes = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            List<CommittedCluster.Pod> pods = new ArrayList<>();
            int k = 0;
            for (int host : podsOfA) {
                k++;
                if (host == i) {
                    pods.add(new CommittedCluster.Pod("a-" + k, "a", "LS", 1_000, 1_024));
                }
            }
            if (filled.contains(i)) {
                long free = 4_000 - pods.size() * 1_000L;
                pods.add(new CommittedCluster.Pod("z-" + i, "z", "BE", free, 1_024));
            }
            int chassis = (i - 1) / 2 + 1;
            nodes.add(new CommittedCluster.Node("n" + i, "s" + ((chassis - 1) / 2 + 1), "c" + chassis, 4_000, 8_192,
                    Map.of(), true, pods));
        }
        return new CommittedCluster(nodes);
    }
}
