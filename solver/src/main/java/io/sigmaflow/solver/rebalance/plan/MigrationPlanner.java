package io.sigmaflow.solver.rebalance.plan;

import io.sigmaflow.solver.rebalance.domain.App;
import io.sigmaflow.solver.rebalance.domain.ClusterNode;
import io.sigmaflow.solver.rebalance.domain.PodAssignment;
import io.sigmaflow.solver.rebalance.domain.RebalanceSettings;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a solution (each pod's node now and after) into a {@link MigrationPlan} that is safe at
 * every step, by simulating it wave by wave on the current usage:
 * <ul>
 *   <li>make before break: a migration joins a wave only if its target has room while every pod
 *       still on it counts, those leaving in the same wave included (their room is freed when the
 *       wave ends). So no interleaving of a wave's migrations can overcommit a node;</li>
 *   <li>at most an app's max-unavailable migrations of that app per wave;</li>
 *   <li>a wave in which nothing fits means the remaining moves wait on each other (a swap between
 *       two full nodes, a longer cycle): one of them takes a detour through a node with free room
 *       (two migrations instead of one, if the budgets allow), which frees its source for the
 *       others; with no such node or no budget left, the remaining moves are dropped and their
 *       pods stay where they are;</li>
 *   <li>moves beyond the plan's waves or budgets, onto nodes that changed since the snapshot, or
 *       onto nodes the filters reject are dropped too (the solver avoids all of these; the planner
 *       does not rely on it).</li>
 * </ul>
 * Whatever is dropped, the plan's end state is valid, because every migration kept was checked
 * against the state it applies to. Deterministic: pods in assignment order, nodes by index.
 */
public final class MigrationPlanner {
    static final String DETOUR_OUT = "detour: frees room on its node to break a cycle of moves; moves on in a later wave";
    static final String DETOUR_BACK = "detour: second leg";

    private MigrationPlanner() {}

    public static MigrationPlan plan(RebalanceSolution solution) {
        return plan(solution, Set.of());
    }

    /** @param staleNodes ids of nodes whose state changed since the snapshot: moves from or to them are dropped */
    public static MigrationPlan plan(RebalanceSolution solution, Set<String> staleNodes) {
        return new Simulation(solution, staleNodes).run();
    }

    private enum Leg { DIRECT, DETOUR_OUT, DETOUR_BACK }

    /** A move still to schedule: {@code from} is where the pod is in the simulation. */
    private static final class Pending {
        final PodAssignment pod;
        ClusterNode from;
        final ClusterNode to;
        Leg leg;

        Pending(PodAssignment pod, ClusterNode from, ClusterNode to, Leg leg) {
            this.pod = pod;
            this.from = from;
            this.to = to;
            this.leg = leg;
        }
    }

    private static final class Simulation {
        private final RebalanceSolution solution;
        private final Set<String> staleNodes;
        private final RebalanceSettings settings;
        private final long[] cpu;
        private final long[] memory;
        private final long[] disk;
        /** Pods per (app, domain) at each level, for the reasons. */
        private final Map<Long, Integer> perSwitch = new HashMap<>();
        private final Map<Long, Integer> perChassis = new HashMap<>();
        private final Map<Long, Integer> perHost = new HashMap<>();
        private final Map<App, Integer> migrationsPerApp = new HashMap<>();
        private final List<Pending> pending = new ArrayList<>();
        private final List<List<PlannedMove>> waves = new ArrayList<>();
        private final List<DroppedMove> dropped = new ArrayList<>();
        private int migrations;

        Simulation(RebalanceSolution solution, Set<String> staleNodes) {
            this.solution = solution;
            this.staleNodes = staleNodes;
            this.settings = solution.getSettings();
            int n = solution.getNodes().size();
            this.cpu = new long[n];
            this.memory = new long[n];
            this.disk = new long[n];
            for (PodAssignment a : solution.getAssignments()) {
                add(a, a.getOriginalNode(), 1);
                spread(a, a.getOriginalNode(), 1);
            }
        }

        MigrationPlan run() {
            for (PodAssignment a : solution.getAssignments()) {
                if (a.isMoved()) {
                    admit(a);
                }
            }
            while (!pending.isEmpty()) {
                if (waves.size() == settings.maxWaves()) {
                    dropAll(DroppedMove.Why.BEYOND_WAVES);
                    break;
                }
                List<Pending> wave = fill();
                if (wave.isEmpty()) {
                    Pending detour = detour();
                    if (detour == null) {
                        dropAll(DroppedMove.Why.CYCLE);
                        break;
                    }
                    wave = List.of(detour);
                }
                waves.add(apply(wave));
            }
            return new MigrationPlan(waves, dropped);
        }

        /** Queues the move of {@code a} unless a rule the solver should have kept is broken. */
        private void admit(PodAssignment a) {
            DroppedMove.Why why = null;
            if (staleNodes.contains(a.getOriginalNode().getId()) || staleNodes.contains(a.getNode().getId())) {
                why = DroppedMove.Why.STALE;
            } else if (!a.isEligibleOn(a.getNode())) {
                why = DroppedMove.Why.REJECTED;
            } else if (a.getApp().getMaxUnavailable() < 1) {
                why = DroppedMove.Why.NOT_MOVABLE;
            } else if (migrations + 1 > settings.maxMoves()
                    || migrationsPerApp.getOrDefault(a.getApp(), 0) + 1 > settings.maxMovesPerApp()) {
                why = DroppedMove.Why.OVER_BUDGET;
            }
            if (why != null) {
                dropped.add(new DroppedMove(a.getPodId(), a.getApp().getId(), a.getOriginalNode().getId(),
                        a.getNode().getId(), why));
                return;
            }
            count(a.getApp());
            pending.add(new Pending(a, a.getOriginalNode(), a.getNode(), Leg.DIRECT));
        }

        /** The moves that can start together now: room on the target, max-unavailable per app. */
        private List<Pending> fill() {
            List<Pending> wave = new ArrayList<>();
            Map<App, Integer> inWave = new HashMap<>();
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                App app = p.pod.getApp();
                if (inWave.getOrDefault(app, 0) >= app.getMaxUnavailable() || !fits(p.pod, p.to)) {
                    continue;
                }
                add(p.pod, p.to, 1);
                inWave.merge(app, 1, Integer::sum);
                wave.add(p);
                it.remove();
            }
            return wave;
        }

        /**
         * Nothing fits: send one pending pod to a node with room first (preferring a pod whose node
         * another pending move is waiting for), and queue its second leg. Null when no pod can.
         */
        private Pending detour() {
            if (migrations + 1 > settings.maxMoves()) {
                return null;
            }
            Set<ClusterNode> awaited = new HashSet<>();
            for (Pending p : pending) {
                awaited.add(p.to);
            }
            List<Pending> order = new ArrayList<>();
            for (Pending p : pending) {
                if (awaited.contains(p.from)) {
                    order.add(p);
                }
            }
            for (Pending p : pending) {
                if (!awaited.contains(p.from)) {
                    order.add(p);
                }
            }
            for (Pending p : order) {
                if (migrationsPerApp.getOrDefault(p.pod.getApp(), 0) + 1 > settings.maxMovesPerApp()) {
                    continue;
                }
                ClusterNode via = roomiest(p);
                if (via != null) {
                    Pending out = new Pending(p.pod, p.from, via, Leg.DETOUR_OUT);
                    add(p.pod, via, 1);
                    count(p.pod.getApp());
                    p.from = via;
                    p.leg = Leg.DETOUR_BACK;
                    return out;
                }
            }
            return null;
        }

        /** The eligible node other than the move's ends with the most free cpu (then memory) per offered, that fits the pod. */
        private ClusterNode roomiest(Pending p) {
            ClusterNode best = null;
            double bestFree = -1;
            for (ClusterNode c : solution.getNodes()) {
                if (c == p.from || c == p.to || !p.pod.isEligibleOn(c) || staleNodes.contains(c.getId()) || !fits(p.pod, c)) {
                    continue;
                }
                double free = Math.min(free(cpu[c.getIndex()], c.getCpuMillis()), free(memory[c.getIndex()], c.getMemoryMb()));
                if (free > bestFree) {
                    best = c;
                    bestFree = free;
                }
            }
            return best;
        }

        /** Ends a wave: the sources are freed, the pods counted where they now are. */
        private List<PlannedMove> apply(List<Pending> wave) {
            List<PlannedMove> moves = new ArrayList<>(wave.size());
            for (Pending p : wave) {
                moves.add(new PlannedMove(p.pod.getPodId(), p.pod.getApp().getId(), p.from.getId(), p.to.getId(), reason(p)));
            }
            for (Pending p : wave) {
                add(p.pod, p.from, -1);
                spread(p.pod, p.from, -1);
                spread(p.pod, p.to, 1);
                // The target's requests were added when the move joined the wave.
            }
            return moves;
        }

        private String reason(Pending p) {
            if (p.leg == Leg.DETOUR_OUT) {
                return DETOUR_OUT;
            }
            if (p.leg == Leg.DETOUR_BACK) {
                return DETOUR_BACK;
            }
            long app = appKey(p.pod);
            if (improves(perSwitch, app, p.from.getCoreSwitch(), p.to.getCoreSwitch())) {
                return "dispersion: fewer pods of the app under one core switch";
            }
            if (improves(perChassis, app, p.from.getChassis(), p.to.getChassis())) {
                return "dispersion: fewer pods of the app in one chassis";
            }
            if (improves(perHost, app, p.from.getHost(), p.to.getHost())) {
                return "dispersion: fewer pods of the app on one host";
            }
            return "balance: load moves to a less used node";
        }

        /** True when moving one pod from domain {@code from} to {@code to} lowers the pairs sharing a domain. */
        private static boolean improves(Map<Long, Integer> counts, long app, int from, int to) {
            return from != to && counts.getOrDefault(app | to, 0) < counts.getOrDefault(app | from, 0) - 1;
        }

        private static long appKey(PodAssignment pod) {
            return (long) pod.getApp().getIndex() << 32;
        }

        private boolean fits(PodAssignment pod, ClusterNode node) {
            int i = node.getIndex();
            return cpu[i] + pod.getCpuMillis() <= node.getCpuMillis()
                    && memory[i] + pod.getMemoryMb() <= node.getMemoryMb()
                    && disk[i] + pod.getDiskMb() <= node.getDiskMb();
        }

        private void add(PodAssignment pod, ClusterNode node, int sign) {
            int i = node.getIndex();
            cpu[i] += sign * pod.getCpuMillis();
            memory[i] += sign * pod.getMemoryMb();
            disk[i] += sign * pod.getDiskMb();
        }

        private void spread(PodAssignment pod, ClusterNode node, int delta) {
            long app = appKey(pod);
            perSwitch.merge(app | node.getCoreSwitch(), delta, Integer::sum);
            perChassis.merge(app | node.getChassis(), delta, Integer::sum);
            perHost.merge(app | node.getHost(), delta, Integer::sum);
        }

        private void count(App app) {
            migrations++;
            migrationsPerApp.merge(app, 1, Integer::sum);
        }

        private void dropAll(DroppedMove.Why why) {
            for (Pending p : pending) {
                dropped.add(new DroppedMove(p.pod.getPodId(), p.pod.getApp().getId(), p.from.getId(), p.to.getId(), why));
            }
            pending.clear();
        }

        private static double free(long used, long offered) {
            return offered == 0 ? 0 : 1.0 - (double) used / offered;
        }
    }
}
