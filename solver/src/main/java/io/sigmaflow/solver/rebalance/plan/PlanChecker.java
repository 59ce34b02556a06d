package io.sigmaflow.solver.rebalance.plan;

import io.sigmaflow.placement.framework.FilterChain;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.solver.rebalance.domain.NodeEligibility;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays a plan's records on the snapshot, wave by wave, as the placement job would apply them
 * make-before-break, and lists every rule it breaks. Written apart from the planner, on the wire
 * records alone, so that it checks the plan the command emits rather than the planner's intent:
 * the command refuses to emit a plan with a violation.
 *
 * <p>Per wave: every pod is on its {@code fromNodeId} when the wave starts and moves once; the
 * target exists, differs from the source and passes the filter chain (constraints inferred from
 * the pod's node in the snapshot, see {@link NodeEligibility}); on every target, what is on it plus
 * everything arriving in the wave fits in what it offers (pods leaving in the same wave still
 * count); at most the app's max-unavailable migrations per app. Over the plan: one plan id, a
 * {@code planSize} equal to the records, steps 0, 1, ... without gaps, within the wave limit, and
 * the move budgets.
 */
public final class PlanChecker {
    private PlanChecker() {}

    /**
     * @param violations    what is wrong, empty for a valid plan
     * @param finalNodes    the snapshot's nodes after every migration that could be applied, in id order
     */
    public record Result(List<String> violations, List<NodeState> finalNodes, int migrations, int waves) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    public static Result check(ClusterSnapshot snapshot, List<Migration> plan, PlanLimits limits, FilterChain filters) {
        List<String> violations = new ArrayList<>();
        Map<String, Replay> nodes = new LinkedHashMap<>();
        Map<String, NodeState> original = new HashMap<>();
        for (NodeState n : snapshot.nodes()) {
            nodes.put(n.getNodeId(), new Replay(n));
            for (PodAllocation p : n.getPods()) {
                original.putIfAbsent(p.getPodId(), n);
            }
        }
        TreeMap<Integer, List<Migration>> steps = structure(plan, limits, violations);
        Map<String, Integer> perApp = new TreeMap<>();
        for (Map.Entry<Integer, List<Migration>> step : steps.entrySet()) {
            int s = step.getKey();
            Set<String> moving = new HashSet<>();
            Map<String, Integer> inWave = new TreeMap<>();
            Map<String, long[]> incoming = new TreeMap<>();
            List<Migration> applicable = new ArrayList<>();
            for (Migration m : step.getValue()) {
                String where = "step " + s + ", pod " + m.getPodId() + ": ";
                Replay from = nodes.get(m.getFromNodeId());
                Replay to = nodes.get(m.getToNodeId());
                PodAllocation pod = from == null ? null : from.pods.get(m.getPodId());
                if (!moving.add(m.getPodId())) {
                    violations.add(where + "moves twice in one wave");
                    continue;
                }
                if (pod == null) {
                    violations.add(where + "is not on node " + m.getFromNodeId() + " when its wave starts");
                    continue;
                }
                if (!pod.getAppId().equals(m.getAppId())) {
                    violations.add(where + "belongs to app " + pod.getAppId() + ", not " + m.getAppId());
                }
                if (to == null) {
                    violations.add(where + "target node " + m.getToNodeId() + " is not in the snapshot");
                    continue;
                }
                if (to == from) {
                    violations.add(where + "moves to the node it is on");
                    continue;
                }
                if (to.pods.containsKey(m.getPodId())) {
                    violations.add(where + "is already on node " + m.getToNodeId());
                    continue;
                }
                if (!NodeEligibility.allows(filters, pod, original.get(pod.getPodId()), to.state)) {
                    violations.add(where + "the filters reject node " + m.getToNodeId());
                }
                long[] in = incoming.computeIfAbsent(m.getToNodeId(), k -> new long[3]);
                in[0] += pod.getResources().getCpuMillis();
                in[1] += pod.getResources().getMemoryMb();
                in[2] += pod.getResources().getDiskMb();
                inWave.merge(m.getAppId(), 1, Integer::sum);
                perApp.merge(m.getAppId(), 1, Integer::sum);
                applicable.add(m);
            }
            for (Map.Entry<String, long[]> e : incoming.entrySet()) {
                Replay to = nodes.get(e.getKey());
                String over = to.overBy(e.getValue());
                if (over != null) {
                    violations.add("step " + s + ": node " + e.getKey() + " overcommitted while its new pods start: " + over);
                }
            }
            for (Map.Entry<String, Integer> e : inWave.entrySet()) {
                int allowed = limits.maxUnavailable().applyAsInt(e.getKey());
                if (e.getValue() > allowed) {
                    violations.add("step " + s + ": app " + e.getKey() + " has " + e.getValue()
                            + " pods in migration at once, max-unavailable is " + allowed);
                }
            }
            for (Migration m : applicable) {
                PodAllocation pod = nodes.get(m.getFromNodeId()).remove(m.getPodId());
                nodes.get(m.getToNodeId()).add(pod);
            }
        }
        if (plan.size() > limits.maxMoves()) {
            violations.add("the plan has " + plan.size() + " migrations, the budget is " + limits.maxMoves());
        }
        perApp.forEach((app, n) -> {
            if (n > limits.maxMovesPerApp()) {
                violations.add("app " + app + " has " + n + " migrations, the per-app budget is " + limits.maxMovesPerApp());
            }
        });
        List<NodeState> finalNodes = new ArrayList<>();
        for (Replay r : nodes.values()) {
            finalNodes.add(r.toState());
        }
        return new Result(List.copyOf(violations), finalNodes, plan.size(), steps.size());
    }

    /** Groups records by step and checks plan id, plan size, step numbering and the wave limit. */
    private static TreeMap<Integer, List<Migration>> structure(List<Migration> plan, PlanLimits limits, List<String> violations) {
        TreeMap<Integer, List<Migration>> steps = new TreeMap<>();
        Set<String> planIds = new HashSet<>();
        int lastStep = 0;
        for (Migration m : plan) {
            planIds.add(m.getPlanId());
            if (m.getPlanSize() != plan.size()) {
                violations.add("pod " + m.getPodId() + ": planSize " + m.getPlanSize() + " but the plan has "
                        + plan.size() + " records");
            }
            if (m.getStep() < lastStep) {
                violations.add("pod " + m.getPodId() + ": step " + m.getStep() + " comes after step " + lastStep);
            }
            lastStep = Math.max(lastStep, m.getStep());
            steps.computeIfAbsent(m.getStep(), k -> new ArrayList<>()).add(m);
        }
        if (planIds.size() > 1) {
            violations.add("records of " + planIds.size() + " plans: " + new java.util.TreeSet<>(planIds));
        }
        int expected = 0;
        for (int step : steps.keySet()) {
            if (step != expected) {
                violations.add("steps must run 0, 1, 2, ... without gaps; found " + step + " where " + expected
                        + " was expected");
                break;
            }
            expected++;
        }
        if (steps.size() > limits.maxWaves()) {
            violations.add("the plan has " + steps.size() + " waves, the limit is " + limits.maxWaves());
        }
        return steps;
    }

    /** One node during the replay: its pods and the sum of their requests. */
    private static final class Replay {
        final NodeState state;
        final Map<String, PodAllocation> pods = new LinkedHashMap<>();
        long cpu;
        long memory;
        long disk;

        Replay(NodeState state) {
            this.state = state;
            for (PodAllocation p : state.getPods()) {
                add(p);
            }
        }

        void add(PodAllocation p) {
            pods.put(p.getPodId(), p);
            cpu += p.getResources().getCpuMillis();
            memory += p.getResources().getMemoryMb();
            disk += p.getResources().getDiskMb();
        }

        PodAllocation remove(String podId) {
            PodAllocation p = pods.remove(podId);
            cpu -= p.getResources().getCpuMillis();
            memory -= p.getResources().getMemoryMb();
            disk -= p.getResources().getDiskMb();
            return p;
        }

        /** Null when {@code incoming} fits next to what is here, else what overflows. */
        String overBy(long[] incoming) {
            List<String> over = new ArrayList<>();
            check(over, "cpu", cpu + incoming[0], state.getAllocatable().getCpuMillis());
            check(over, "memory", memory + incoming[1], state.getAllocatable().getMemoryMb());
            check(over, "disk", disk + incoming[2], state.getAllocatable().getDiskMb());
            return over.isEmpty() ? null : String.join(", ", over);
        }

        private static void check(List<String> over, String resource, long needed, long offered) {
            if (needed > offered) {
                over.add(resource + " " + needed + " > " + offered);
            }
        }

        NodeState toState() {
            List<PodAllocation> sorted = new ArrayList<>(pods.values());
            sorted.sort(Comparator.comparing(PodAllocation::getPodId));
            return NodeState.newBuilder(state).setPods(sorted).build();
        }
    }
}
