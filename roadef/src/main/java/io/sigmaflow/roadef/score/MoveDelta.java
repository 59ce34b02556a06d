package io.sigmaflow.roadef.score;

import io.sigmaflow.roadef.io.Balance;

/**
 * What a move would do to a {@link RoadefState}, computed from its arrays without applying it:
 * the change of the official cost, or {@link #REJECTED} when the move would break a hard
 * constraint. This is what lets an array-level search evaluate tens of millions of moves per
 * second: applying and undoing a move costs several times more than reading the two machines it
 * touches. Feasibility is judged from a feasible state (a move is rejected if it breaks
 * anything), except {@link #insert}, which reports the hard penalty it adds or removes so that a
 * partial assignment can be repaired.
 *
 * <p>Cheap tests run first (conflict, then capacity while computing the machines' costs), the
 * cost is compared with the caller's limit, and only a move within the limit pays for the spread
 * and dependency checks.
 */
public final class MoveDelta {
    /** Returned for a move that would break a hard constraint or costs more than the limit. */
    public static final long REJECTED = Long.MAX_VALUE;

    private final RoadefState st;
    private final long[] nothing;

    public MoveDelta(RoadefState state) {
        this.st = state;
        this.nothing = new long[state.resources];
    }

    public RoadefState state() {
        return st;
    }

    /**
     * Cost change of moving assigned process {@code p} to machine {@code m}, or {@link #REJECTED}
     * if the result breaks a hard constraint or the change exceeds {@code limit}.
     */
    public long shift(int p, int m, long limit) {
        int from = st.machineOf[p];
        int s = st.serviceOf[p];
        if (from == m || st.serviceCountOn(s, m) > 0) {
            return REJECTED;
        }
        int original = st.originalOf[p];
        long[] req = st.requirement[p];
        long to = softWith(m, req, nothing, m != original, false);
        if (to == REJECTED) {
            return REJECTED;
        }
        long delta = to - st.machineSoft[m] + softWith(from, nothing, req, false, from != original) - st.machineSoft[from];
        int moved = (m != original ? 1 : 0) - (from != original ? 1 : 0);
        delta += moved * st.weightedMoveCost[p]
                + st.machineMoveWeight * (st.moveCostTo[original][m] - st.moveCostTo[original][from])
                + st.serviceMoveWeight * (maxMovedAfter(s, moved, s, 0) - st.maxMoved);
        if (delta > limit) {
            return REJECTED;
        }
        if (!spreadKept(s, st.location[from], st.location[m]) || !dependenciesKept(s, from, m)) {
            return REJECTED;
        }
        return delta;
    }

    /**
     * Cost change of exchanging the machines of assigned processes {@code p} and {@code q}, or
     * {@link #REJECTED} if they share a machine or a service, if the result breaks a hard
     * constraint, or if the change exceeds {@code limit}.
     */
    public long swap(int p, int q, long limit) {
        int a = st.machineOf[p];
        int b = st.machineOf[q];
        int sp = st.serviceOf[p];
        int sq = st.serviceOf[q];
        if (a == b || sp == sq || st.serviceCountOn(sp, b) > 0 || st.serviceCountOn(sq, a) > 0) {
            return REJECTED;
        }
        int op = st.originalOf[p];
        int oq = st.originalOf[q];
        long[] reqP = st.requirement[p];
        long[] reqQ = st.requirement[q];
        long atA = softWith(a, reqQ, reqP, oq != a, op != a);
        if (atA == REJECTED) {
            return REJECTED;
        }
        long atB = softWith(b, reqP, reqQ, op != b, oq != b);
        if (atB == REJECTED) {
            return REJECTED;
        }
        int movedP = (b != op ? 1 : 0) - (a != op ? 1 : 0);
        int movedQ = (a != oq ? 1 : 0) - (b != oq ? 1 : 0);
        long delta = atA - st.machineSoft[a] + atB - st.machineSoft[b]
                + movedP * st.weightedMoveCost[p] + movedQ * st.weightedMoveCost[q]
                + st.machineMoveWeight * (st.moveCostTo[op][b] - st.moveCostTo[op][a]
                        + st.moveCostTo[oq][a] - st.moveCostTo[oq][b])
                + st.serviceMoveWeight * (maxMovedAfter(sp, movedP, sq, movedQ) - st.maxMoved);
        if (delta > limit) {
            return REJECTED;
        }
        if (!spreadKept(sp, st.location[a], st.location[b]) || !spreadKept(sq, st.location[b], st.location[a])) {
            return REJECTED;
        }
        return swapKeepsDependencies(sp, st.neighborhood[a], sq, st.neighborhood[b]) ? delta : REJECTED;
    }

    /**
     * Cost change of a double shift (an ejection chain of two): process {@code q} leaves its
     * machine b for machine {@code c}, and process {@code p} takes its place on b, or
     * {@link #REJECTED} if the result breaks a hard constraint or the change exceeds
     * {@code limit}. On tightly packed instances a shift onto a full machine costs more than it
     * gains, and a swap must fit both processes in each other's room; making room on b by
     * sending one of its processes to a third machine reaches what neither does in one step.
     * Rejected when the three machines are not distinct or p and q share a service (then it is a
     * swap or a shift).
     */
    public long doubleShift(int p, int q, int c, long limit) {
        int a = st.machineOf[p];
        int b = st.machineOf[q];
        int sp = st.serviceOf[p];
        int sq = st.serviceOf[q];
        if (a == b || c == a || c == b || sp == sq || st.onMachine.get(sp, b) > 0 || st.onMachine.get(sq, c) > 0) {
            return REJECTED;
        }
        int op = st.originalOf[p];
        int oq = st.originalOf[q];
        long[] reqP = st.requirement[p];
        long[] reqQ = st.requirement[q];
        long atB = softWith(b, reqP, reqQ, op != b, oq != b);
        if (atB == REJECTED) {
            return REJECTED;
        }
        long atC = softWith(c, reqQ, nothing, oq != c, false);
        if (atC == REJECTED) {
            return REJECTED;
        }
        long atA = softWith(a, nothing, reqP, false, op != a);
        if (atA == REJECTED) {
            return REJECTED;
        }
        int movedP = (b != op ? 1 : 0) - (a != op ? 1 : 0);
        int movedQ = (c != oq ? 1 : 0) - (b != oq ? 1 : 0);
        long delta = atA - st.machineSoft[a] + atB - st.machineSoft[b] + atC - st.machineSoft[c]
                + movedP * st.weightedMoveCost[p] + movedQ * st.weightedMoveCost[q]
                + st.machineMoveWeight * (st.moveCostTo[op][b] - st.moveCostTo[op][a]
                        + st.moveCostTo[oq][c] - st.moveCostTo[oq][b])
                + st.serviceMoveWeight * (maxMovedAfter(sp, movedP, sq, movedQ) - st.maxMoved);
        if (delta > limit) {
            return REJECTED;
        }
        if (!spreadKept(sp, st.location[a], st.location[b]) || !spreadKept(sq, st.location[b], st.location[c])) {
            return REJECTED;
        }
        return chainKeepsDependencies(sp, st.neighborhood[a], st.neighborhood[b], sq, st.neighborhood[c]) ? delta : REJECTED;
    }

    /**
     * Cost change of placing unassigned process {@code p} on machine {@code m}, or
     * {@link #REJECTED} if that breaks capacity, transient usage or conflict. Spread and
     * dependency are reported by {@link #insertHardChange}: a partial assignment may be missing
     * them until every process is back.
     */
    public long insert(int p, int m) {
        int s = st.serviceOf[p];
        if (st.machineOf[p] >= 0) {
            throw new IllegalStateException("process " + p + " is assigned");
        }
        if (st.serviceCountOn(s, m) > 0) {
            return REJECTED;
        }
        int original = st.originalOf[p];
        long[] req = st.requirement[p];
        long to = softWith(m, req, nothing, true, false);
        if (to == REJECTED) {
            return REJECTED;
        }
        long delta = to - st.machineSoft[m];
        if (m != original) {
            // A process placed away from its original machine still holds its transient resources there.
            if (!transientFits(original, req)) {
                return REJECTED;
            }
            delta += st.weightedMoveCost[p] + st.serviceMoveWeight * (maxMovedAfter(s, 1, s, 0) - st.maxMoved);
        }
        return delta + st.machineMoveWeight * st.moveCostTo[original][m];
    }

    /** Change of the spread and dependency penalties if unassigned process {@code p} were placed on {@code m}. */
    public long insertHardChange(int p, int m) {
        int s = st.serviceOf[p];
        long change = 0;
        if (st.spreadMin[s] > 1 && st.atLocation.get(s, st.location[m]) == 0
                && st.distinctLocations[s] < st.spreadMin[s]) {
            change--;
        }
        int n = st.neighborhood[m];
        if (st.inNeighborhood.get(s, n) == 0) {
            for (int dependent : st.dependents[s]) {
                change -= st.inNeighborhood.get(dependent, n);
            }
        }
        for (int need : st.required[s]) {
            if (st.inNeighborhood.get(need, n) == 0 && need != s) {
                change++;
            }
        }
        return change;
    }

    private boolean transientFits(int m, long[] extra) {
        long[] used = st.usage[m];
        long[] out = st.movedOut[m];
        long[] cap = st.capacity[m];
        for (int r : st.transientResources) {
            if (used[r] + out[r] + extra[r] > cap[r]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Load and balance cost of machine {@code m} with {@code add} placed on it and {@code remove}
     * taken off, or {@link #REJECTED} if that exceeds a capacity. {@code addHolds}: the added
     * process counts in the transient usage (it did not start here); {@code removeFrees}: the
     * removed one stops counting there (it did not start here either).
     */
    private long softWith(int m, long[] add, long[] remove, boolean addHolds, boolean removeFrees) {
        long[] used = st.usage[m];
        long[] cap = st.capacity[m];
        long[] safe = st.safety[m];
        long[] weight = st.loadWeight;
        long soft = 0;
        for (int r = 0; r < used.length; r++) {
            long u = used[r] + add[r] - remove[r];
            if (u > cap[r]) {
                return REJECTED;
            }
            if (u > safe[r]) {
                soft += weight[r] * (u - safe[r]);
            }
        }
        long[] out = st.movedOut[m];
        for (int r : st.transientResources) {
            long held = used[r] + out[r] + (addHolds ? add[r] : 0) - (removeFrees ? remove[r] : 0);
            if (held > cap[r]) {
                return REJECTED;
            }
        }
        for (Balance b : st.balances) {
            int r1 = b.firstResource();
            int r2 = b.secondResource();
            long excess = b.target() * (cap[r1] - used[r1] - add[r1] + remove[r1]) - (cap[r2] - used[r2] - add[r2] + remove[r2]);
            if (excess > 0) {
                soft += b.weight() * excess;
            }
        }
        return soft;
    }

    /** The largest number of moved processes of a service after services {@code s1}, {@code s2} change by {@code d1}, {@code d2}. */
    private int maxMovedAfter(int s1, int d1, int s2, int d2) {
        int max = st.maxMoved;
        int c1 = st.movedOfService[s1];
        int c2 = st.movedOfService[s2];
        if (s1 == s2) {
            d1 += d2;
            d2 = d1;
        }
        int left = st.servicesWithMoved[max] - (c1 == max && d1 < 0 ? 1 : 0) - (s1 != s2 && c2 == max && d2 < 0 ? 1 : 0);
        int after = left > 0 ? max : max - 1;
        return Math.max(after, Math.max(c1 + d1, c2 + d2));
    }

    private boolean spreadKept(int s, int fromLocation, int toLocation) {
        if (fromLocation == toLocation || st.spreadMin[s] <= 1) {
            return true;
        }
        int distinct = st.distinctLocations[s]
                - (st.atLocation.get(s, fromLocation) == 1 ? 1 : 0)
                + (st.atLocation.get(s, toLocation) == 0 ? 1 : 0);
        return distinct >= st.spreadMin[s];
    }

    private boolean dependenciesKept(int s, int fromMachine, int toMachine) {
        int from = st.neighborhood[fromMachine];
        int to = st.neighborhood[toMachine];
        if (from == to) {
            return true;
        }
        for (int need : st.required[s]) {
            if (need != s && st.inNeighborhood.get(need, to) == 0) {
                return false;
            }
        }
        if (st.inNeighborhood.get(s, from) == 1) {
            for (int dependent : st.dependents[s]) {
                if (dependent != s && st.inNeighborhood.get(dependent, from) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Service {@code s1} moves one process from neighborhood {@code n1} to {@code n2} and service
     * {@code s2} one from {@code n2} to {@code n1}: the counts change for the moment of the check,
     * because the two services may depend on each other.
     */
    private boolean swapKeepsDependencies(int s1, int n1, int s2, int n2) {
        if (n1 == n2) {
            return true;
        }
        PairCounter in = st.inNeighborhood;
        in.decrement(s1, n1);
        in.increment(s1, n2);
        in.decrement(s2, n2);
        in.increment(s2, n1);
        boolean kept = satisfied(s1, n1) && satisfied(s1, n2) && satisfied(s2, n1) && satisfied(s2, n2);
        in.decrement(s1, n2);
        in.increment(s1, n1);
        in.decrement(s2, n1);
        in.increment(s2, n2);
        return kept;
    }

    /**
     * Service {@code s1} moves one process from neighborhood {@code n1} to {@code n2} and service
     * {@code s2} one from {@code n2} to {@code n3} (a double shift): checked with the counts
     * changed, as for a swap, since the services may depend on each other. Only the four
     * (service, neighborhood) pairs whose counts change can break a dependency: a count that
     * falls may strand a dependent, one that rises may lack a required service.
     */
    private boolean chainKeepsDependencies(int s1, int n1, int n2, int s2, int n3) {
        if (n1 == n2 && n2 == n3) {
            return true;
        }
        PairCounter in = st.inNeighborhood;
        in.decrement(s1, n1);
        in.increment(s1, n2);
        in.decrement(s2, n2);
        in.increment(s2, n3);
        boolean kept = satisfied(s1, n1) && satisfied(s1, n2) && satisfied(s2, n2) && satisfied(s2, n3);
        in.decrement(s2, n3);
        in.increment(s2, n2);
        in.decrement(s1, n2);
        in.increment(s1, n1);
        return kept;
    }

    /** Every dependency into or out of service {@code s} in neighborhood {@code n} holds. */
    private boolean satisfied(int s, int n) {
        PairCounter in = st.inNeighborhood;
        boolean present = in.get(s, n) > 0;
        if (present) {
            for (int need : st.required[s]) {
                if (in.get(need, n) == 0) {
                    return false;
                }
            }
        } else {
            for (int dependent : st.dependents[s]) {
                if (in.get(dependent, n) > 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
