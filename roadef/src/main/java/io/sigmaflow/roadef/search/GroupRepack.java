package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MachineGroup;
import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;

/**
 * Large neighbourhood move over a few machines, solved exactly within a bound on how many
 * processes change machine: every process of the group is taken off and put back by depth-first
 * branch and bound ({@link ExactRepack}) in which at most {@link #MAX_CHANGED} of them land on
 * another machine of the group than the one they were on (limited discrepancy search: one change
 * tried everywhere first, then two, then three).
 *
 * <p>Why: on a2_2 and a2_3 the load cost sits on a transient resource, and a process moved away
 * from its original machine still holds its transient share there, so a machine full of such
 * shares takes no process except one coming home. Sending p home needs room on its original
 * machine, made by sending a process of that machine to a third one: an ejection chain, or a
 * three-machine rotation, that no single shift or swap reaches without passing a worse state
 * (Masson et al. 2013 search such ejection chains; Mehta et al. 2012 and Jaśkowski et al. 2016
 * re-solve a few machines exactly by CP / MIP). The caller picks the group: a costly machine, the
 * original machine of a moved process on it, and a third. The search stops after {@link
 * #NODE_LIMIT} insertions.
 */
final class GroupRepack extends ExactRepack {
    /** Machines in a group at most. */
    static final int MAX_MACHINES = 4;
    /** Groups holding more processes are left alone. */
    static final int MAX_PROCESSES = 48;
    /** Processes that may change machine in one repack: three covers chains and rotations of three. */
    static final int MAX_CHANGED = 3;
    /** Insertions tried per repack at most. */
    static final int NODE_LIMIT = 20_000;

    GroupRepack(RoadefState state) {
        this(state, NODE_LIMIT, true);
    }

    GroupRepack(RoadefState state, long nodeLimit, boolean bounded) {
        super(state, MAX_MACHINES, MAX_PROCESSES, nodeLimit, bounded);
    }

    /**
     * Re-assigns the processes of {@code machines} (distinct, at most {@value #MAX_MACHINES})
     * among them, at most {@value #MAX_CHANGED} of them changing machine, as well as it can
     * find; returns the cost change (below zero), or {@link MoveDelta#REJECTED} with the state as
     * before when nothing better was found, the machines repeat or they hold too many processes.
     */
    long apply(int... machines) {
        if (machines.length > MAX_MACHINES || !MachineGroup.distinct(machines)) {
            return MoveDelta.REJECTED;
        }
        int total = 0;
        for (int m : machines) {
            total += state.processCountOn(m);
        }
        return total > MAX_PROCESSES ? MoveDelta.REJECTED : repack(machines);
    }

    @Override
    boolean search() {
        boolean found = false;
        for (int changes = 1; changes <= MAX_CHANGED && withinNodeLimit(); changes++) {
            found |= search(0, 0, changes);
        }
        return found;
    }

    /** Places processes {@code i..}, exactly {@code changes} of them away from their start machine. */
    @Override
    boolean search(int i, long cost, int changes) {
        if (i == count) {
            return complete(cost);
        }
        // Exactly `changes` more changes: the start option only while enough processes are left for them
        // (each depth explores only re-assignments it alone has; depth 0 would be the start itself).
        boolean found = count - i > changes && place(i, startOn[i], cost, changes);
        for (int t = 0; t < machines && changes > 0 && withinNodeLimit(); t++) {
            if (t != startOn[i]) {
                found |= place(i, t, cost, changes - 1);
            }
        }
        return found;
    }
}
