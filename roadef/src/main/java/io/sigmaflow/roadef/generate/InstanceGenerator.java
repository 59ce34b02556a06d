package io.sigmaflow.roadef.generate;

import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scales a ROADEF instance up: {@code replicas} copies of the template's machines, services and
 * processes, each copy with its template's initial assignment, so the result is feasible from the
 * start by construction (the assignment comes first: every copy of a machine holds copies of
 * exactly the processes the template's initial assignment put on it).
 *
 * <p>Copies are tied together rather than disjoint: the resources, transient flags, load and
 * balance costs and weights are the template's; a copy's locations and neighborhoods are the
 * template's shifted by a group drawn per copy from a pool that grows with the scale (copies in
 * one group share locations and neighborhoods, so services spread and depend across copies);
 * machine move costs between copies are the template's between the originals; machine and
 * process indices are shuffled so no index order reveals the copies. A copy of service s depends
 * on the same copy of what s depends on, which the copied assignment satisfies.
 *
 * <p>Because each copy's part of any template solution is feasible in the generated instance, the
 * template's best known cost times {@code replicas} is reachable: an upper bound on the optimum,
 * written as the generated instance's reference ({@link Generated#reference}).
 */
public final class InstanceGenerator {
    private InstanceGenerator() {}

    /**
     * @param instance   the generated model
     * @param initial    its initial assignment (feasible)
     * @param reference  a reachable cost: template best known times replicas (0 when unknown)
     */
    public record Generated(Instance instance, int[] initial, long reference) {}

    /**
     * @param name            the generated instance's name
     * @param template        the instance to scale
     * @param templateInitial its initial assignment (feasible)
     * @param templateBest    its best known cost, or 0 when unknown
     * @param replicas        how many copies (machines and processes scale by this)
     */
    public static Generated generate(String name, Instance template, int[] templateInitial, long templateBest,
            int replicas, long seed) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be positive, got " + replicas);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int tm = template.machineCount();
        int ts = template.serviceCount();
        int tp = template.processCount();
        int machines = tm * replicas;
        int processes = tp * replicas;
        int services = ts * replicas;
        int groups = Math.max(1, replicas / 10);
        int tl = 1 + Arrays.stream(template.location()).max().orElse(0);
        int tn = 1 + Arrays.stream(template.neighborhood()).max().orElse(0);

        int[] machineIndex = permutation(machines, random); // (copy, template machine) -> index
        int[] processIndex = permutation(processes, random);
        int[] templateOfMachine = new int[machines];
        int[] neighborhood = new int[machines];
        int[] location = new int[machines];
        long[][] capacity = new long[machines][];
        long[][] safety = new long[machines][];
        int[] groupOf = new int[replicas];
        for (int k = 0; k < replicas; k++) {
            groupOf[k] = random.nextInt(groups);
            for (int t = 0; t < tm; t++) {
                int m = machineIndex[k * tm + t];
                templateOfMachine[m] = t;
                neighborhood[m] = template.neighborhood()[t] + tn * groupOf[k];
                location[m] = template.location()[t] + tl * random.nextInt(groups);
                capacity[m] = template.capacity()[t];
                safety[m] = template.safetyCapacity()[t];
            }
        }
        int[][] moveCost = new int[machines][machines];
        for (int a = 0; a < machines; a++) {
            int[] from = template.machineMoveCost()[templateOfMachine[a]];
            int[] row = moveCost[a];
            for (int b = 0; b < machines; b++) {
                row[b] = a == b ? 0 : from[templateOfMachine[b]];
            }
        }

        int[] serviceOfProcess = new int[processes];
        long[][] requirement = new long[processes][];
        long[] processMoveCost = new long[processes];
        int[] initial = new int[processes];
        for (int k = 0; k < replicas; k++) {
            for (int t = 0; t < tp; t++) {
                int p = processIndex[k * tp + t];
                serviceOfProcess[p] = k * ts + template.serviceOfProcess()[t];
                requirement[p] = template.requirement()[t];
                processMoveCost[p] = template.processMoveCost()[t];
                initial[p] = machineIndex[k * tm + templateInitial[t]];
            }
        }
        int[][] dependsOn = new int[services][];
        int[] spreadMin = new int[services];
        for (int k = 0; k < replicas; k++) {
            for (int s = 0; s < ts; s++) {
                int[] deps = template.dependsOn()[s].clone();
                for (int d = 0; d < deps.length; d++) {
                    deps[d] += k * ts;
                }
                dependsOn[k * ts + s] = deps;
                spreadMin[k * ts + s] = template.spreadMin()[s];
            }
        }
        loosenSpread(spreadMin, serviceOfProcess, initial, location);

        Instance instance = new Instance(name, template.transientResource(), template.loadCostWeight(), neighborhood,
                location, capacity, safety, moveCost, spreadMin, dependsOn, serviceOfProcess, requirement,
                processMoveCost, template.balances(), template.processMoveWeight(), template.serviceMoveWeight(),
                template.machineMoveWeight());
        CostReport report = CostChecker.check(instance, initial, initial);
        if (!report.feasible()) {
            throw new IllegalStateException("generated initial assignment is infeasible: " + report.examples());
        }
        return new Generated(instance, initial, templateBest * replicas);
    }

    /**
     * Two copies in one location group may share a location, so a service's copied processes can
     * cover fewer locations than the template's: its spread minimum is lowered to what the
     * initial assignment covers (never raised), keeping the start feasible.
     */
    private static void loosenSpread(int[] spreadMin, int[] serviceOfProcess, int[] initial, int[] location) {
        List<java.util.Set<Integer>> covered = new ArrayList<>();
        for (int s = 0; s < spreadMin.length; s++) {
            covered.add(new java.util.HashSet<>());
        }
        for (int p = 0; p < initial.length; p++) {
            covered.get(serviceOfProcess[p]).add(location[initial[p]]);
        }
        for (int s = 0; s < spreadMin.length; s++) {
            spreadMin[s] = Math.min(spreadMin[s], covered.get(s).size());
        }
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int x = a[i];
            a[i] = a[j];
            a[j] = x;
        }
        return a;
    }
}
