package io.sigmaflow.roadef.check;

import io.sigmaflow.roadef.io.Balance;
import io.sigmaflow.roadef.io.Instance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes the official ROADEF 2012 objective and checks the hard constraints straight from the
 * specification's formulas (section 1), over the parsed files only. Deliberately shares no code
 * with the Timefold constraints: it is the reference their score is tested against.
 */
public final class CostChecker {
    private static final int MAX_EXAMPLES = 10;

    private CostChecker() {}

    /** Checks {@code assignment} against {@code instance} where processes started on {@code initial}. */
    public static CostReport check(Instance instance, int[] initial, int[] assignment) {
        int machines = instance.machineCount();
        int resources = instance.resourceCount();
        int processes = instance.processCount();
        if (initial.length != processes || assignment.length != processes) {
            throw new IllegalArgumentException("assignments must have " + processes + " entries");
        }
        List<String> examples = new ArrayList<>();

        // U(m, r) and the transient usage: R(p, r) counts on M(p) and, if moved, also on M0(p).
        long[][] usage = new long[machines][resources];
        long[][] transientUsage = new long[machines][resources];
        for (int p = 0; p < processes; p++) {
            long[] req = instance.requirement()[p];
            int m = assignment[p];
            int m0 = initial[p];
            for (int r = 0; r < resources; r++) {
                usage[m][r] += req[r];
                transientUsage[m][r] += req[r];
                if (m0 != m) {
                    transientUsage[m0][r] += req[r];
                }
            }
        }

        long capacity = 0;
        long transientBroken = 0;
        long[] loadCost = new long[resources];
        for (int m = 0; m < machines; m++) {
            for (int r = 0; r < resources; r++) {
                long c = instance.capacity()[m][r];
                if (usage[m][r] > c) {
                    capacity++;
                    note(examples, "capacity: machine " + m + " resource " + r + " uses " + usage[m][r] + " > " + c);
                }
                if (instance.transientResource()[r] && transientUsage[m][r] > c) {
                    transientBroken++;
                    note(examples, "transient usage: machine " + m + " resource " + r + " needs "
                            + transientUsage[m][r] + " > " + c);
                }
                loadCost[r] += Math.max(0, usage[m][r] - instance.safetyCapacity()[m][r]);
            }
        }

        long[] balanceCost = new long[instance.balances().size()];
        for (int b = 0; b < balanceCost.length; b++) {
            Balance balance = instance.balances().get(b);
            for (int m = 0; m < machines; m++) {
                long a1 = instance.capacity()[m][balance.firstResource()] - usage[m][balance.firstResource()];
                long a2 = instance.capacity()[m][balance.secondResource()] - usage[m][balance.secondResource()];
                balanceCost[b] += Math.max(0, balance.target() * a1 - a2);
            }
        }

        // Conflict: processes of one service on distinct machines.
        long conflict = 0;
        Set<Long> serviceOnMachine = new HashSet<>();
        for (int p = 0; p < processes; p++) {
            int s = instance.serviceOfProcess()[p];
            if (!serviceOnMachine.add((long) s * machines + assignment[p])) {
                conflict++;
                note(examples, "conflict: process " + p + " shares machine " + assignment[p] + " with another process of service " + s);
            }
        }

        // Spread: distinct locations per service.
        int[] locationsOfService = new int[instance.serviceCount()];
        Set<Long> serviceAtLocation = new HashSet<>();
        long locationCount = maxPlusOne(instance.location());
        for (int p = 0; p < processes; p++) {
            int s = instance.serviceOfProcess()[p];
            if (serviceAtLocation.add(s * locationCount + instance.location()[assignment[p]])) {
                locationsOfService[s]++;
            }
        }
        long spread = 0;
        for (int s = 0; s < locationsOfService.length; s++) {
            if (locationsOfService[s] < instance.spreadMin()[s]) {
                spread++;
                note(examples, "spread: service " + s + " runs in " + locationsOfService[s] + " locations < "
                        + instance.spreadMin()[s]);
            }
        }

        // Dependency: each process of a service that depends on another has one of its processes in its neighborhood.
        long neighborhoodCount = maxPlusOne(instance.neighborhood());
        Set<Long> serviceInNeighborhood = new HashSet<>();
        for (int p = 0; p < processes; p++) {
            serviceInNeighborhood.add(instance.serviceOfProcess()[p] * neighborhoodCount
                    + instance.neighborhood()[assignment[p]]);
        }
        long dependency = 0;
        for (int p = 0; p < processes; p++) {
            int n = instance.neighborhood()[assignment[p]];
            for (int required : instance.dependsOn()[instance.serviceOfProcess()[p]]) {
                if (!serviceInNeighborhood.contains(required * neighborhoodCount + n)) {
                    dependency++;
                    note(examples, "dependency: process " + p + " in neighborhood " + n + " has no process of service " + required);
                }
            }
        }

        long processMoveCost = 0;
        long machineMoveCost = 0;
        int[] movedOfService = new int[instance.serviceCount()];
        for (int p = 0; p < processes; p++) {
            machineMoveCost += instance.machineMoveCost()[initial[p]][assignment[p]];
            if (initial[p] != assignment[p]) {
                processMoveCost += instance.processMoveCost()[p];
                movedOfService[instance.serviceOfProcess()[p]]++;
            }
        }
        long serviceMoveCost = 0;
        for (int moved : movedOfService) {
            serviceMoveCost = Math.max(serviceMoveCost, moved);
        }

        long total = 0;
        for (int r = 0; r < resources; r++) {
            total = Math.addExact(total, Math.multiplyExact(instance.loadCostWeight()[r], loadCost[r]));
        }
        for (int b = 0; b < balanceCost.length; b++) {
            total = Math.addExact(total, Math.multiplyExact(instance.balances().get(b).weight(), balanceCost[b]));
        }
        total = Math.addExact(total, Math.multiplyExact(instance.processMoveWeight(), processMoveCost));
        total = Math.addExact(total, Math.multiplyExact(instance.serviceMoveWeight(), serviceMoveCost));
        total = Math.addExact(total, Math.multiplyExact(instance.machineMoveWeight(), machineMoveCost));

        return new CostReport(loadCost, balanceCost, processMoveCost, serviceMoveCost, machineMoveCost, total,
                new CostReport.Violations(capacity, conflict, spread, dependency, transientBroken),
                List.copyOf(examples));
    }

    private static long maxPlusOne(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max + 1L;
    }

    private static void note(List<String> examples, String example) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(example);
        }
    }
}
