package io.sigmaflow.roadef.io;

import java.util.List;

/**
 * A ROADEF 2012 machine reassignment instance exactly as the model file states it, indices as
 * in the file. Plain arrays, shared by the independent cost checker and the Timefold model; the
 * arrays are never modified after parsing.
 *
 * @param transientResource  per resource: whether a move consumes it on both machines
 * @param loadCostWeight     per resource: weight of the load cost
 * @param neighborhood       per machine: its neighborhood
 * @param location           per machine: its location
 * @param capacity           [machine][resource]: hard capacity C(m, r)
 * @param safetyCapacity     [machine][resource]: safety capacity SC(m, r), above which load costs
 * @param machineMoveCost    [from][to]: MMC(from, to)
 * @param spreadMin          per service: minimum number of distinct locations
 * @param dependsOn          per service: the services it depends on
 * @param serviceOfProcess   per process: its service
 * @param requirement        [process][resource]: R(p, r)
 * @param processMoveCost    per process: PMC(p)
 */
public record Instance(
        String name,
        boolean[] transientResource,
        long[] loadCostWeight,
        int[] neighborhood,
        int[] location,
        long[][] capacity,
        long[][] safetyCapacity,
        int[][] machineMoveCost,
        int[] spreadMin,
        int[][] dependsOn,
        int[] serviceOfProcess,
        long[][] requirement,
        long[] processMoveCost,
        List<Balance> balances,
        long processMoveWeight,
        long serviceMoveWeight,
        long machineMoveWeight) {

    public int resourceCount() {
        return loadCostWeight.length;
    }

    public int machineCount() {
        return neighborhood.length;
    }

    public int serviceCount() {
        return spreadMin.length;
    }

    public int processCount() {
        return serviceOfProcess.length;
    }
}
