package io.sigmaflow.roadef.score;

import io.sigmaflow.roadef.io.Balance;
import java.util.Arrays;

/**
 * A light copy of a few machines as they would be with all their processes taken off, for an
 * exact repack of those processes among them: the machines' usage, transient holds, load and balance cost, the
 * services on each (a bit per service of the group) and the moved counts of the group's
 * services. An insertion here reads and writes a few short arrays; {@link MoveDelta#insert} plus
 * {@link RoadefState#assign} and {@link RoadefState#unassign} also update the counters of
 * spread, dependency and conflict and refresh two machines each way, which made a repack cost
 * as much as a few thousand ordinary candidates. The state itself is not changed.
 *
 * <p>{@link #insert} returns exactly what {@link MoveDelta#insert} would on the state with the
 * same processes placed: the group's machines hold only the group's processes, and a process
 * whose original machine is outside the group held its transient share there at the start, so
 * it fits there again wherever it goes in the group. Spread and dependency are not kept: the
 * caller checks them on the state for a complete re-assignment.
 *
 * <p>Processes are placed and removed last in, first out, by their index in the group.
 */
public final class MachineGroup {
    private final RoadefState st;
    private final int[] machine;
    private final long[][] used;
    private final long[][] heldOut;
    private final long[] soft;
    /** The balance part of {@link #soft}, and its sum over the group. */
    private final long[] balance;
    private long balanceSum;
    /** The least balance cost the group can end with: a balance term summed over the group, at the group's total usage. */
    private long balanceFloor;
    /** The group's services on each machine, a bit per service of the group (conflicts). */
    private final long[] servicesOn;
    /** Safety room left over the group's machines, per resource: what the bound fills at no cost. */
    private final long[] free;
    private final long[] nothing;
    private int machines;

    private final int[] process;
    private final int[] originIn;
    private final int[] localService;
    private final int[] serviceOfLocal;
    private final int[] movedOfLocal;
    private final int[] maxMovedBefore;
    private final long[] softBefore;
    private final long[] balanceBefore;
    /** Requirement of processes i.. per resource, and the least move cost of processes i.. (the bound). */
    private final long[][] remaining;
    private final long[] leastMoveCost;
    private int count;
    private int maxMoved;
    private long startCost;

    private int pendingProcess = -1;
    private int pendingMachine;
    private long pendingSoft;
    private long pendingBalance;
    /** The balance part of what {@link #softWith} returned last. */
    private long lastBalance;

    public MachineGroup(RoadefState state, int maxMachines, int maxProcesses) {
        if (maxProcesses > Long.SIZE) {
            throw new IllegalArgumentException("at most " + Long.SIZE + " processes: services are bits of a long");
        }
        this.st = state;
        int resources = state.resources;
        machine = new int[maxMachines];
        used = new long[maxMachines][resources];
        heldOut = new long[maxMachines][resources];
        soft = new long[maxMachines];
        balance = new long[maxMachines];
        servicesOn = new long[maxMachines];
        free = new long[resources];
        nothing = new long[resources];
        process = new int[maxProcesses];
        originIn = new int[maxProcesses];
        localService = new int[maxProcesses];
        serviceOfLocal = new int[maxProcesses];
        movedOfLocal = new int[maxProcesses];
        maxMovedBefore = new int[maxProcesses];
        softBefore = new long[maxProcesses];
        balanceBefore = new long[maxProcesses];
        remaining = new long[maxProcesses + 1][resources];
        leastMoveCost = new long[maxProcesses + 1];
    }

    /** True when no machine id repeats in {@code machines}: a group is of distinct machines. */
    public static boolean distinct(int[] machines) {
        for (int i = 0; i < machines.length; i++) {
            for (int j = 0; j < i; j++) {
                if (machines[i] == machines[j]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Copies {@code machineCount} machines of {@code machineIds} as they would be with their
     * processes taken off: together they hold exactly {@code processIds[0..processCount)}, process
     * i on machine {@code startOn[i]} of the group (the state is not changed). Index i of {@link
     * #insert} is {@code processIds[i]}, machine g is {@code machineIds[g]}.
     */
    public void reset(int[] machineIds, int machineCount, int[] processIds, int[] startOn, int processCount) {
        machines = machineCount;
        count = processCount;
        int resources = st.resources;
        for (int g = 0; g < machines; g++) {
            int m = machineIds[g];
            machine[g] = m;
            System.arraycopy(st.usage[m], 0, used[g], 0, resources);
            System.arraycopy(st.movedOut[m], 0, heldOut[g], 0, resources);
            servicesOn[g] = 0;
        }
        int services = 0;
        long startMoveCost = 0;
        for (int i = 0; i < count; i++) {
            int p = processIds[i];
            process[i] = p;
            long[] req = st.requirement[p];
            int g = startOn[i];
            for (int r = 0; r < resources; r++) {
                used[g][r] -= req[r];
            }
            int original = st.originalOf[p];
            originIn[i] = indexOf(original);
            int s = st.serviceOf[p];
            int local = 0;
            while (local < services && serviceOfLocal[local] != s) {
                local++;
            }
            if (local == services) {
                serviceOfLocal[services] = s;
                movedOfLocal[services] = st.movedOfService[s];
                services++;
            }
            localService[i] = local;
            if (machine[g] != original) {
                movedOfLocal[local]--;
                startMoveCost += st.weightedMoveCost[p];
                if (originIn[i] >= 0) {
                    for (int r : st.transientResources) {
                        heldOut[originIn[i]][r] -= req[r];
                    }
                }
            }
            startMoveCost += st.machineMoveWeight * st.moveCostTo[original][machine[g]];
        }
        Arrays.fill(free, 0);
        long startLoad = 0;
        balanceSum = 0;
        for (int g = 0; g < machines; g++) {
            soft[g] = softWith(g, nothing);
            balance[g] = lastBalance;
            balanceSum += lastBalance;
            startLoad += st.machineSoft[machine[g]] - soft[g];
            long[] safe = st.safety[machine[g]];
            for (int r = 0; r < resources; r++) {
                free[r] += Math.max(0, safe[r] - used[g][r]);
            }
        }
        maxMoved = maxMovedWithout(services);
        startCost = startLoad + startMoveCost + st.serviceMoveWeight * (st.maxMoved - maxMoved);
        Arrays.fill(remaining[count], 0);
        leastMoveCost[count] = 0;
        for (int i = count - 1; i >= 0; i--) {
            long[] req = st.requirement[process[i]];
            for (int r = 0; r < resources; r++) {
                remaining[i][r] = remaining[i + 1][r] + req[r];
            }
            leastMoveCost[i] = leastMoveCost[i + 1] + leastMoveCost(process[i]);
        }
        balanceFloor = balanceFloor();
        pendingProcess = -1;
    }

    private long balanceFloor() {
        long floor = 0;
        for (Balance b : st.balances) {
            long available1 = 0;
            long available2 = 0;
            for (int g = 0; g < machines; g++) {
                available1 += st.capacity[machine[g]][b.firstResource()] - used[g][b.firstResource()];
                available2 += st.capacity[machine[g]][b.secondResource()] - used[g][b.secondResource()];
            }
            available1 -= remaining[0][b.firstResource()];
            available2 -= remaining[0][b.secondResource()];
            floor += b.weight() * Math.max(0, b.target() * available1 - available2);
        }
        return floor;
    }

    /** What the processes cost where they started, as the sum of their insertions: the bar a repack must beat. */
    public long startCost() {
        return startCost;
    }

    /**
     * The largest moved count over all services with the group's processes off: the state's
     * histogram with the group's {@code services} at their counts without those processes.
     */
    private int maxMovedWithout(int services) {
        for (int level = st.maxMoved; level > 0; level--) {
            int n = st.servicesWithMoved[level];
            for (int local = 0; local < services; local++) {
                n += (movedOfLocal[local] == level ? 1 : 0) - (st.movedOfService[serviceOfLocal[local]] == level ? 1 : 0);
            }
            if (n > 0) {
                return level;
            }
        }
        return 0;
    }

    /**
     * Cost change of placing process {@code i} on machine {@code g} of the group, or {@link
     * MoveDelta#REJECTED} if that breaks capacity, transient usage or conflict.
     */
    public long insert(int i, int g) {
        if ((servicesOn[g] & 1L << localService[i]) != 0) {
            return MoveDelta.REJECTED;
        }
        int p = process[i];
        int m = machine[g];
        long[] req = st.requirement[p];
        long after = softWith(g, req);
        if (after == MoveDelta.REJECTED) {
            return MoveDelta.REJECTED;
        }
        long delta = after - soft[g];
        int original = st.originalOf[p];
        if (m != original) {
            // A process placed away from its original machine holds its transient resources
            // there; an original outside the group held them at the start, so they still fit.
            int home = originIn[i];
            if (home >= 0 && !transientFits(home, req)) {
                return MoveDelta.REJECTED;
            }
            delta += st.weightedMoveCost[p]
                    + st.serviceMoveWeight * (Math.max(maxMoved, movedOfLocal[localService[i]] + 1) - maxMoved);
        }
        pendingProcess = i;
        pendingMachine = g;
        pendingSoft = after;
        pendingBalance = lastBalance;
        return delta + st.machineMoveWeight * st.moveCostTo[original][m];
    }

    /** Places process {@code i} on machine {@code g} (an insertion {@link #insert} accepted). */
    public void place(int i, int g) {
        long[] req = st.requirement[process[i]];
        softBefore[i] = soft[g];
        balanceBefore[i] = balance[g];
        if (pendingProcess == i && pendingMachine == g) {
            soft[g] = pendingSoft;
            balance[g] = pendingBalance;
        } else {
            soft[g] = softWith(g, req);
            balance[g] = lastBalance;
        }
        balanceSum += balance[g] - balanceBefore[i];
        pendingProcess = -1;
        long[] u = used[g];
        long[] safe = st.safety[machine[g]];
        for (int r = 0; r < u.length; r++) {
            if (u[r] < safe[r]) {
                free[r] -= Math.min(req[r], safe[r] - u[r]);
            }
            u[r] += req[r];
        }
        servicesOn[g] |= 1L << localService[i];
        maxMovedBefore[i] = maxMoved;
        int home = originIn[i];
        if (machine[g] != st.originalOf[process[i]]) {
            int local = localService[i];
            maxMoved = Math.max(maxMoved, ++movedOfLocal[local]);
            if (home >= 0) {
                for (int r : st.transientResources) {
                    heldOut[home][r] += req[r];
                }
            }
        }
    }

    /** Takes process {@code i} off machine {@code g}: the last one placed. */
    public void remove(int i, int g) {
        long[] req = st.requirement[process[i]];
        soft[g] = softBefore[i];
        balanceSum += balanceBefore[i] - balance[g];
        balance[g] = balanceBefore[i];
        pendingProcess = -1;
        long[] u = used[g];
        long[] safe = st.safety[machine[g]];
        for (int r = 0; r < u.length; r++) {
            u[r] -= req[r];
            if (u[r] < safe[r]) {
                free[r] += Math.min(req[r], safe[r] - u[r]);
            }
        }
        servicesOn[g] &= ~(1L << localService[i]);
        maxMoved = maxMovedBefore[i];
        int home = originIn[i];
        if (machine[g] != st.originalOf[process[i]]) {
            movedOfLocal[localService[i]]--;
            if (home >= 0) {
                for (int r : st.transientResources) {
                    heldOut[home][r] -= req[r];
                }
            }
        }
    }

    /**
     * A lower bound on what placing processes {@code i..} will add to the cost, wherever they go
     * in the group (below zero where balance costs can fall). Load cost per resource grows with
     * usage at a rate of zero up to the safety capacity and the weight beyond it, so the
     * processes left add at least their requirement beyond the safety room left over the whole
     * group; each adds at least its cheapest move cost; the service move cost (a maximum) only
     * grows; and the group's balance cost ends at least at {@link #balanceFloor} (a sum of terms
     * above zero is at least their sum), so it falls by at most its distance to that floor.
     */
    public long bound(int i) {
        long b = leastMoveCost[i] + balanceFloor - balanceSum;
        long[] rest = remaining[i];
        long[] weight = st.loadWeight;
        for (int r = 0; r < rest.length; r++) {
            if (rest[r] > free[r]) {
                b += weight[r] * (rest[r] - free[r]);
            }
        }
        return b;
    }

    private long leastMoveCost(int p) {
        int original = st.originalOf[p];
        long least = Long.MAX_VALUE;
        for (int g = 0; g < machines; g++) {
            int m = machine[g];
            long cost = (m != original ? st.weightedMoveCost[p] : 0) + st.machineMoveWeight * st.moveCostTo[original][m];
            least = Math.min(least, cost);
        }
        return least;
    }

    private int indexOf(int m) {
        for (int g = 0; g < machines; g++) {
            if (machine[g] == m) {
                return g;
            }
        }
        return -1;
    }

    private boolean transientFits(int g, long[] extra) {
        long[] u = used[g];
        long[] out = heldOut[g];
        long[] cap = st.capacity[machine[g]];
        for (int r : st.transientResources) {
            if (u[r] + out[r] + extra[r] > cap[r]) {
                return false;
            }
        }
        return true;
    }

    /** Load and balance cost of machine {@code g} with {@code add} placed on it, or {@link MoveDelta#REJECTED} past a capacity. */
    private long softWith(int g, long[] add) {
        long[] u = used[g];
        int m = machine[g];
        long[] cap = st.capacity[m];
        long[] safe = st.safety[m];
        long[] weight = st.loadWeight;
        long cost = 0;
        for (int r = 0; r < u.length; r++) {
            long after = u[r] + add[r];
            if (after > cap[r]) {
                return MoveDelta.REJECTED;
            }
            if (after > safe[r]) {
                cost += weight[r] * (after - safe[r]);
            }
        }
        long[] out = heldOut[g];
        for (int r : st.transientResources) {
            if (u[r] + out[r] + add[r] > cap[r]) {
                return MoveDelta.REJECTED;
            }
        }
        long balanceCost = 0;
        for (Balance b : st.balances) {
            int r1 = b.firstResource();
            int r2 = b.secondResource();
            long excess = b.target() * (cap[r1] - u[r1] - add[r1]) - (cap[r2] - u[r2] - add[r2]);
            if (excess > 0) {
                balanceCost += b.weight() * excess;
            }
        }
        lastBalance = balanceCost;
        return cost + balanceCost;
    }
}
