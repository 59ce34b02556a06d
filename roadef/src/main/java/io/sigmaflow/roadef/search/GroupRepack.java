package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;

/**
 * Large neighbourhood move over a few machines, solved exactly within a bound on how many
 * processes change machine: every process of the group is taken off and put back by depth-first
 * branch and bound in which at most {@link #MAX_CHANGED} of them land on another machine of the
 * group than the one they were on (limited discrepancy search: one change tried everywhere
 * first, then two, then three). Each insertion's exact cost change comes from {@link
 * MoveDelta#insert} (capacity, transient and conflict checked there); spread and dependency are
 * checked on complete re-assignments.
 *
 * <p>Why: on a2_2 and a2_3 the load cost sits on a transient resource, and a process moved away
 * from its original machine still holds its transient share there, so a machine full of such
 * shares takes no process except one coming home. Sending p home needs room on its original
 * machine, made by sending a process of that machine to a third one: an ejection chain, or a
 * three-machine rotation, that no single shift or swap reaches without passing a worse state
 * (Masson et al. 2013 search such ejection chains; Mehta et al. 2012 and Jaśkowski et al. 2016
 * re-solve a few machines exactly by CP / MIP). The caller picks the group: a costly machine, the
 * original machine of a moved process on it, and a third.
 *
 * <p>The start is the first re-assignment tried, so the result is never worse; the search stops
 * after {@link #NODE_LIMIT} insertions. Without balance objectives every insertion costs at
 * least zero, so a partial re-assignment as costly as the best complete one is pruned.
 */
final class GroupRepack {
    /** Machines in a group at most. */
    static final int MAX_MACHINES = 4;
    /** Groups holding more processes are left alone. */
    static final int MAX_PROCESSES = 48;
    /** Processes that may change machine in one repack: three covers chains and rotations of three. */
    static final int MAX_CHANGED = 3;
    /** Insertions tried per repack at most. */
    static final int NODE_LIMIT = 20_000;

    private final RoadefState state;
    private final MoveDelta delta;
    private final double[] size;
    private final boolean prune;
    private final int[] group = new int[MAX_MACHINES];
    private final int[] processes = new int[MAX_PROCESSES];
    private final int[] startOn = new int[MAX_PROCESSES];
    private final int[] on = new int[MAX_PROCESSES];
    private final int[] bestOn = new int[MAX_PROCESSES];
    private int machines;
    private int count;
    private long nodes;
    private long bestCost;

    GroupRepack(RoadefState state, MoveDelta delta) {
        this.state = state;
        this.delta = delta;
        this.size = state.processSizes();
        this.prune = !state.hasBalanceCost();
    }

    /**
     * Re-assigns the processes of {@code machines} (distinct, at most {@value #MAX_MACHINES})
     * among them, at most {@value #MAX_CHANGED} of them changing machine, as well as it can
     * find; returns the cost change (below zero), or {@link MoveDelta#REJECTED} with the state as
     * before when nothing better was found, the machines repeat or they hold too many processes.
     */
    long apply(int... machines) {
        if (machines.length > MAX_MACHINES || !distinct(machines)) {
            return MoveDelta.REJECTED;
        }
        int total = 0;
        for (int m : machines) {
            total += state.processCountOn(m);
        }
        if (total > MAX_PROCESSES) {
            return MoveDelta.REJECTED;
        }
        this.machines = machines.length;
        System.arraycopy(machines, 0, group, 0, machines.length);
        count = 0;
        for (int m : machines) {
            for (int i = 0; i < state.processCountOn(m); i++) {
                processes[count] = state.processOn(m, i);
                startOn[count] = m;
                count++;
            }
        }
        sortBySizeDescending();
        long before = state.softPenalty();
        for (int i = 0; i < count; i++) {
            state.unassign(processes[i]);
        }
        long base = state.softPenalty();
        nodes = 0;
        // Only a re-assignment strictly better than the start is taken: its cost is the bar to beat.
        bestCost = before - base;
        boolean found = false;
        for (int changes = 1; changes <= MAX_CHANGED && nodes < NODE_LIMIT; changes++) {
            found |= search(0, 0, changes);
        }
        for (int i = 0; i < count; i++) {
            state.assign(processes[i], found ? bestOn[i] : startOn[i]);
        }
        long change = state.softPenalty() - before;
        return found && change < 0 ? change : MoveDelta.REJECTED;
    }

    /**
     * Places processes {@code i..}, exactly {@code changes} of them away from their start
     * machine; true if a complete re-assignment better than the best so far was found.
     */
    private boolean search(int i, long cost, int changes) {
        if (i == count) {
            if (state.hardPenalty() == 0 && cost < bestCost) {
                bestCost = cost;
                System.arraycopy(on, 0, bestOn, 0, count);
                return true;
            }
            return false;
        }
        // Exactly `changes` more changes: the start option only while enough processes are left for them
        // (each depth explores only re-assignments it alone has; depth 0 would be the start itself).
        boolean found = count - i > changes && place(i, startOn[i], cost, changes);
        for (int t = 0; t < machines && changes > 0 && nodes < NODE_LIMIT; t++) {
            if (group[t] != startOn[i]) {
                found |= place(i, group[t], cost, changes - 1);
            }
        }
        return found;
    }

    /** Process {@code i} on machine {@code m}, then the rest; false if refused, pruned or nothing better below. */
    private boolean place(int i, int m, long cost, int changes) {
        nodes++;
        int p = processes[i];
        long change = delta.insert(p, m);
        if (change == MoveDelta.REJECTED || (prune && cost + change >= bestCost)) {
            return false;
        }
        state.assign(p, m);
        on[i] = m;
        boolean found = search(i + 1, cost + change, changes);
        state.unassign(p);
        return found;
    }

    private static boolean distinct(int[] machines) {
        for (int i = 0; i < machines.length; i++) {
            for (int j = 0; j < i; j++) {
                if (machines[i] == machines[j]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Insertion sort, biggest first: a big process has the fewest places, so it branches first. */
    private void sortBySizeDescending() {
        for (int i = 1; i < count; i++) {
            int p = processes[i];
            int from = startOn[i];
            int j = i - 1;
            while (j >= 0 && size[processes[j]] < size[p]) {
                processes[j + 1] = processes[j];
                startOn[j + 1] = startOn[j];
                j--;
            }
            processes[j + 1] = p;
            startOn[j + 1] = from;
        }
    }
}
