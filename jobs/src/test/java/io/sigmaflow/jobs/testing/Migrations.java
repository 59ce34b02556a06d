package io.sigmaflow.jobs.testing;

import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Migration records for tests, and a replay of placements that finds overcommitted moments. */
public final class Migrations {
    private Migrations() {}

    public static Migration migration(String plan, long createdAtMs, int step, int planSize, String app, String pod,
                                      String from, String to) {
        return Migration.newBuilder()
                .setPlanId(plan)
                .setStep(step)
                .setPlanSize(planSize)
                .setPodId(pod)
                .setAppId(app)
                .setFromNodeId(from)
                .setToNodeId(to)
                .setReason("test")
                .setCreatedAtMs(createdAtMs)
                .build();
    }

    /**
     * Replays {@code placements} in order (BIND adds the pod's cpu and memory to its node, UNBIND of
     * the pod on that node takes them away) and returns a description of every moment a node held
     * more than its capacity: empty when none.
     */
    public static List<String> overcommits(List<Placement> placements, Map<String, long[]> capacity) {
        Map<String, long[]> used = new HashMap<>();
        Map<String, long[]> podOnNode = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < placements.size(); i++) {
            Placement p = placements.get(i);
            String key = p.getPodId() + "@" + p.getNodeId();
            long[] u = used.computeIfAbsent(p.getNodeId(), n -> new long[2]);
            if (p.getAction() == PlacementAction.BIND) {
                long[] r = {p.getResources().getCpuMillis(), p.getResources().getMemoryMb()};
                podOnNode.put(key, r);
                u[0] += r[0];
                u[1] += r[1];
                long[] cap = capacity.get(p.getNodeId());
                if (cap == null || u[0] > cap[0] || u[1] > cap[1]) {
                    out.add("record " + i + ": " + p.getNodeId() + " holds " + u[0] + "m/" + u[1] + "Mi after "
                            + p.getPodId());
                }
            } else {
                long[] r = podOnNode.remove(key);
                if (r != null) {
                    u[0] -= r[0];
                    u[1] -= r[1];
                }
            }
        }
        return out;
    }

    /** Capacity (cpu, memory) of the nodes of registrations. */
    public static Map<String, long[]> capacity(List<NodeEvent> nodes) {
        Map<String, long[]> out = new HashMap<>();
        for (NodeEvent n : nodes) {
            out.put(n.getNodeId(), new long[] {n.getCapacity().getCpuMillis(), n.getCapacity().getMemoryMb()});
        }
        return out;
    }
}
