package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MachineGroup;
import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;

/**
 * The branch-and-bound frame of the exact repacks ({@link PairRepack}, {@link GroupRepack}):
 * every process of a few machines is taken off and put back, biggest first, by a depth-first
 * search over a light copy of those machines emptied ({@link MachineGroup}), each insertion at
 * its exact cost change; spread and dependency are checked on the state, by moving the
 * processes that change machine there and back, for a complete re-assignment that beats the
 * best so far (a handful per repack). The start is the bar, so only a strictly better
 * re-assignment is kept and the state is never made worse. The subclasses choose the search
 * order ({@link #search}); the search stops after {@code nodeLimit} insertions.
 *
 * <p>A partial re-assignment whose cost plus {@link MachineGroup#bound} (what the processes left
 * add at least) reaches the best complete one is pruned: the bound prunes only branches that
 * hold nothing better, so without the node limit the result is the same as without it (tested),
 * and within the limit the search gets further. Without balance objectives every insertion
 * costs at least zero, so the partial cost alone prunes too; with them (placing a process can
 * lower a balance cost) only the bound, which counts how far the balance cost can still fall.
 */
abstract class ExactRepack {
    final RoadefState state;
    private final MachineGroup group;
    private final double[] size;
    private final boolean prune;
    private final boolean bounded;
    private final long nodeLimit;
    private final int[] machine;
    final int[] processes;
    final int[] startOn;
    private final int[] on;
    private final int[] bestOn;
    int machines;
    int count;
    long nodes;
    private long bestCost;

    /** @param bounded prune with {@link MachineGroup#bound} too (off only to test that it changes nothing) */
    ExactRepack(RoadefState state, int maxMachines, int maxProcesses, long nodeLimit, boolean bounded) {
        this.state = state;
        this.group = new MachineGroup(state, maxMachines, maxProcesses);
        this.size = state.processSizes();
        this.prune = !state.hasBalanceCost();
        this.bounded = bounded;
        this.nodeLimit = nodeLimit;
        this.machine = new int[maxMachines];
        this.processes = new int[maxProcesses];
        this.startOn = new int[maxProcesses];
        this.on = new int[maxProcesses];
        this.bestOn = new int[maxProcesses];
    }

    /**
     * Re-assigns the processes of {@code machineIds} (distinct, at most as many as the frame was
     * made for, holding at most its processes together) among them as well as the search finds;
     * returns the cost change (below zero), or {@link MoveDelta#REJECTED} with the state as
     * before when nothing better was found.
     */
    final long repack(int... machineIds) {
        machines = machineIds.length;
        System.arraycopy(machineIds, 0, machine, 0, machines);
        count = 0;
        for (int g = 0; g < machines; g++) {
            for (int i = 0; i < state.processCountOn(machineIds[g]); i++) {
                processes[count] = state.processOn(machineIds[g], i);
                startOn[count] = g;
                count++;
            }
        }
        sortBySizeDescending();
        group.reset(machine, machines, processes, startOn, count);
        nodes = 0;
        // Only a re-assignment strictly better than the start is taken: its cost is the bar to beat.
        bestCost = group.startCost();
        boolean found = search();
        long before = state.softPenalty();
        // Off and back on, biggest first, found or not: the machines' process lists end in the
        // order the repacks left them in before they had a light copy, and a search's later
        // random draws from those lists, so its results, stay the same (about 60 of a
        // repack's ~1,000 updates).
        for (int i = 0; i < count; i++) {
            state.unassign(processes[i]);
        }
        for (int i = 0; i < count; i++) {
            state.assign(processes[i], machine[found ? bestOn[i] : startOn[i]]);
        }
        return found ? state.softPenalty() - before : MoveDelta.REJECTED;
    }

    /** Places every process from index 0 in the subclass's order; true if a better re-assignment was found. */
    abstract boolean search();

    /**
     * Places processes {@code i..} at partial cost {@code cost}; {@code changes} is the
     * subclass's own count (how many of them must change machine); true if a complete
     * re-assignment better than the best so far was found.
     */
    abstract boolean search(int i, long cost, int changes);

    final boolean withinNodeLimit() {
        return nodes < nodeLimit;
    }

    /** Process {@code i} on machine {@code g} of the group, then the rest; false if refused, pruned or nothing better below. */
    final boolean place(int i, int g, long cost, int changes) {
        nodes++;
        long change = group.insert(i, g);
        if (change == MoveDelta.REJECTED || (prune && cost + change >= bestCost)) {
            return false;
        }
        group.place(i, g);
        on[i] = g;
        boolean found = !(bounded && cost + change + group.bound(i + 1) >= bestCost)
                && search(i + 1, cost + change, changes);
        group.remove(i, g);
        return found;
    }

    /** Every process placed at {@code cost}: kept if cheaper than the best so far and spread and dependency hold. */
    final boolean complete(long cost) {
        if (cost >= bestCost) {
            return false;
        }
        moveTo(on);
        boolean feasible = state.hardPenalty() == 0;
        moveTo(startOn);
        if (!feasible) {
            return false;
        }
        bestCost = cost;
        System.arraycopy(on, 0, bestOn, 0, count);
        return true;
    }

    /** Moves each process that is not on machine {@code where[i]} of the group there. */
    private void moveTo(int[] where) {
        for (int i = 0; i < count; i++) {
            int m = machine[where[i]];
            if (state.machineOf(processes[i]) != m) {
                state.move(processes[i], m);
            }
        }
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
