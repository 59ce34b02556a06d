package io.sigmaflow.roadef;

import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Balance;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Small random ROADEF instances with a feasible initial assignment, for property tests: the
 * assignment is drawn first (each service on distinct machines), then capacities are set around
 * the resulting usage (some machines exactly full, so capacity and transient usage bind), spread
 * minima at most what the assignment covers, and dependencies only where the dependent's
 * neighborhoods are all covered by the required service.
 */
public final class RandomInstances {
    private RandomInstances() {}

    /** A drawn instance and its feasible initial assignment. */
    public record Drawn(Instance instance, int[] initial) {
        /** The incremental state with every process on its initial machine. */
        public RoadefState state() {
            return RoadefData.state(instance, initial, initial);
        }

        /** The independent checker's verdict and cost for {@code assignment} (moves counted from the initial one). */
        public CostReport check(int[] assignment) {
            return CostChecker.check(instance, initial, assignment);
        }
    }

    public static Drawn draw(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int resources = 1 + random.nextInt(4);
        int machines = 3 + random.nextInt(8);
        int services = 2 + random.nextInt(6);
        // At most half of the (service, machine) slots: every process finds a machine free of its service.
        int processes = services + random.nextInt(Math.max(1, services * machines / 2 - services + 1));
        int neighborhoods = 1 + random.nextInt(3);
        int locations = 1 + random.nextInt(4);
        boolean[] transientResource = new boolean[resources];
        long[] loadWeight = new long[resources];
        for (int r = 0; r < resources; r++) {
            transientResource[r] = random.nextInt(3) == 0;
            loadWeight[r] = random.nextInt(20);
        }
        int[] neighborhood = new int[machines];
        int[] location = new int[machines];
        int[][] moveCost = new int[machines][machines];
        for (int m = 0; m < machines; m++) {
            neighborhood[m] = random.nextInt(neighborhoods);
            location[m] = random.nextInt(locations);
            for (int to = 0; to < machines; to++) {
                moveCost[m][to] = m == to ? 0 : random.nextInt(10);
            }
        }
        int[] serviceOf = new int[processes];
        long[][] requirement = new long[processes][resources];
        long[] processMoveCost = new long[processes];
        int[] initial = new int[processes];
        List<Set<Integer>> machinesOfService = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            machinesOfService.add(new HashSet<>());
        }
        long[][] usage = new long[machines][resources];
        for (int p = 0; p < processes; p++) {
            int s = p < services ? p : random.nextInt(services);
            if (machinesOfService.get(s).size() == machines) {
                s = p % services; // full service: the next with room (processes < services * machines)
                while (machinesOfService.get(s).size() == machines) {
                    s = (s + 1) % services;
                }
            }
            int m;
            do {
                m = random.nextInt(machines);
            } while (machinesOfService.get(s).contains(m));
            machinesOfService.get(s).add(m);
            serviceOf[p] = s;
            initial[p] = m;
            processMoveCost[p] = random.nextInt(5);
            for (int r = 0; r < resources; r++) {
                requirement[p][r] = 1 + random.nextInt(20);
                usage[m][r] += requirement[p][r];
            }
        }
        long[][] capacity = new long[machines][resources];
        long[][] safety = new long[machines][resources];
        for (int m = 0; m < machines; m++) {
            boolean full = random.nextInt(3) == 0;
            for (int r = 0; r < resources; r++) {
                capacity[m][r] = usage[m][r] + (full ? 0 : random.nextInt(40));
                safety[m][r] = random.nextLong(capacity[m][r] + 1);
            }
        }
        int[] spreadMin = new int[services];
        int[][] dependsOn = new int[services][];
        for (int s = 0; s < services; s++) {
            Set<Integer> covered = new HashSet<>();
            machinesOfService.get(s).forEach(m -> covered.add(location[m]));
            spreadMin[s] = random.nextInt(covered.size() + 1);
            List<Integer> deps = new ArrayList<>();
            for (int t = 0; t < services; t++) {
                if (t != s && random.nextInt(3) == 0 && neighborhoodsOf(machinesOfService.get(t), neighborhood)
                        .containsAll(neighborhoodsOf(machinesOfService.get(s), neighborhood))) {
                    deps.add(t);
                }
            }
            dependsOn[s] = deps.stream().mapToInt(Integer::intValue).toArray();
        }
        List<Balance> balances = new ArrayList<>();
        if (resources > 1 && random.nextBoolean()) {
            balances.add(new Balance(0, 1, 1 + random.nextInt(3), 1 + random.nextInt(5)));
        }
        Instance instance = new Instance("random" + seed, transientResource, loadWeight, neighborhood, location,
                capacity, safety, moveCost, spreadMin, dependsOn, serviceOf, requirement, processMoveCost,
                List.copyOf(balances), 1 + random.nextInt(3), 1 + random.nextInt(3), 1 + random.nextInt(3));
        return new Drawn(instance, initial);
    }

    private static Set<Integer> neighborhoodsOf(Set<Integer> machines, int[] neighborhood) {
        Set<Integer> result = new HashSet<>();
        machines.forEach(m -> result.add(neighborhood[m]));
        return result;
    }
}
