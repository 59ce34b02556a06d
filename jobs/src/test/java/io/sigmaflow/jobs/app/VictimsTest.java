package io.sigmaflow.jobs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppPodPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VictimsTest {
    private static AppPod pod(String id, String node) {
        String[] parts = node.split("-"); // switch-chassis-host
        return AppPod.newBuilder().setPodId(id).setRevision(1).setPhase(AppPodPhase.BOUND).setPartitionId(parts[0])
                .setNodeId(node).setLocation(new Topology("default", parts[0], parts[0] + "-" + parts[1], node))
                .setGeneration(1).setRefused(Map.of()).setRejections(Map.of()).build();
    }

    private static List<String> ids(List<AppPod> pods) {
        return pods.stream().map(AppPod::getPodId).toList();
    }

    @Test
    void takesFromTheMostCrowdedSwitchThenChassisThenHostNewestFirst() {
        List<AppPod> bound = List.of(pod("w-0", "s0-c0-h0"), pod("w-1", "s0-c0-h1"), pod("w-2", "s0-c1-h0"),
                pod("w-3", "s1-c0-h0"), pod("w-4", "s0-c0-h0"), pod("w-10", "s1-c0-h1"));
        // s0 holds 4, s1 2; in s0, chassis c0 holds 3; in it host h0 holds 2: w-0 and w-4, the newer goes.
        assertEquals(List.of("w-4"), ids(Victims.choose(bound, bound, TopologyLevels.DEFAULT, 1)));
        // Then s0 (3 left) c0 (2 left): w-0 and w-1 tie at every level, the newer w-1 goes. Then s0 and s1
        // hold 2 each, but s1's chassis holds both of its pods: w-10, the newer of them.
        assertEquals(List.of("w-4", "w-1", "w-10"), ids(Victims.choose(bound, bound, TopologyLevels.DEFAULT, 3)));
    }

    @Test
    void onlyCandidatesGoButEveryBoundPodCounts() {
        List<AppPod> old = List.of(pod("w-0", "s0-c0-h0"), pod("w-1", "s1-c0-h0"));
        List<AppPod> all = List.of(old.get(0), old.get(1), pod("w-5", "s1-c0-h1"));
        assertEquals(List.of("w-1"), ids(Victims.choose(old, all, TopologyLevels.DEFAULT, 1)),
                "s1 is crowded by the new pod w-5: its old pod goes first");
    }

    @Test
    void podNumbersCompareAsNumbers() {
        assertEquals(true, Victims.newer(pod("w-10", "s0-c0-h0"), pod("w-9", "s0-c0-h0")));
    }
}
