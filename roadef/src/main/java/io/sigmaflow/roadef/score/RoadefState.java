package io.sigmaflow.roadef.score;

import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.roadef.domain.CostModel;
import io.sigmaflow.roadef.domain.Machine;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.domain.ProcessAssignment;
import io.sigmaflow.roadef.domain.ServiceDependency;
import io.sigmaflow.roadef.io.Balance;
import java.util.ArrayList;
import java.util.List;

/**
 * The ROADEF score kept by hand in arrays, by process and machine index: the same penalties as
 * {@link MachineReassignmentConstraints}, constraint for constraint. Moving a process touches two
 * or three machines, a few counters and a histogram, with no allocation. Used by the incremental
 * score calculator and by the array-level local search; not thread-safe.
 */
public final class RoadefState {

    // Problem facts as arrays, by index.
    final int resources;
    final long[][] capacity;
    final long[][] safety;
    final int[][] moveCostTo;
    final int[] neighborhood;
    final int[] location;
    final long[] loadWeight;
    final int[] transientResources;
    /** Whether each resource is transient, by index. */
    private final boolean[] transientByIndex;
    final Balance[] balances;
    final long machineMoveWeight;
    final long serviceMoveWeight;
    final int[] spreadMin;
    final int[] processesOfService;
    final int[][] required;
    final int[][] dependents;

    // State.
    final long[][] usage;
    final long[][] movedOut;
    final long[] machineHard;
    final long[] machineSoft;
    /**
     * Processes per (service, machine), where that table fits in a few MB (every A instance);
     * null beyond, where a machine's few processes are scanned instead ({@link #serviceCountOn}):
     * at 5,000 machines the hashed table's lookups were half the search's time (JFR,
     * docs/decisions.md), a cache miss or two per candidate, while the machine's own short list
     * is read by the move anyway.
     */
    final PairCounter onMachine;
    final PairCounter atLocation;
    final PairCounter inNeighborhood;
    final int[] distinctLocations;
    final int[] movedOfService;
    final int[] servicesWithMoved;
    int maxMoved;

    long machineHardTotal;
    long machineSoftTotal;
    long conflictPairs;
    long spreadShortfall;
    long dependencyBreaks;
    long processMoveCost;
    long machineMoveCost;

    // Processes, by index (the process id).
    final int[] machineOf;
    final int[] originalOf;
    final int[] serviceOf;
    final long[][] requirement;
    final long[] weightedMoveCost;
    /** Processes per machine (unordered), and each process's slot in its machine's list: a ruin finds a machine's processes without scanning all. */
    private final int[][] processesOn;
    /** The service of each process of {@link #processesOn}, slot for slot: a conflict check reads one short array. */
    private final int[][] servicesOn;
    private final int[] countOn;
    private final int[] slotOf;
    /**
     * Machines whose usage changed since the last {@link #drainTouched}, each once (null until
     * {@link #trackTouchedMachines}): what a reader keeping its own index of machine costs and
     * rooms ({@code search.GuidedShift}) must look at again, instead of all of them.
     */
    private int[] touched;
    private boolean[] isTouched;
    private int touchedCount;

    /** The state of {@code solution}'s facts with no process placed yet; {@link #assign} places them. */
    public RoadefState(MachineReassignment solution) {
        this(solution, PairCounter.fitsDense(solution.getServices().size(), solution.getMachines().size()));
    }

    /** @param conflictTable counts (service, machine) pairs in a table, else scans machines' process lists */
    RoadefState(MachineReassignment solution, boolean conflictTable) {
        List<Machine> machines = solution.getMachines();
        int machineCount = machines.size();
        CostModel costs = machines.get(0).getCosts();
        resources = costs.loadCostWeight().length;
        capacity = new long[machineCount][];
        safety = new long[machineCount][];
        moveCostTo = new int[machineCount][];
        neighborhood = new int[machineCount];
        location = new int[machineCount];
        int neighborhoods = 0;
        int locations = 0;
        for (Machine m : machines) {
            capacity[m.getId()] = m.getCapacity();
            safety[m.getId()] = m.getSafetyCapacity();
            moveCostTo[m.getId()] = m.getMoveCostTo();
            neighborhood[m.getId()] = m.getNeighborhood();
            location[m.getId()] = m.getLocation();
            neighborhoods = Math.max(neighborhoods, m.getNeighborhood() + 1);
            locations = Math.max(locations, m.getLocation() + 1);
        }
        loadWeight = costs.loadCostWeight();
        transientResources = costs.transientResources();
        transientByIndex = new boolean[resources];
        for (int r : transientResources) {
            transientByIndex[r] = true;
        }
        balances = costs.balances().toArray(Balance[]::new);
        machineMoveWeight = costs.machineMoveWeight();
        serviceMoveWeight = costs.serviceMoveWeight();

        int serviceCount = solution.getServices().size();
        spreadMin = new int[serviceCount];
        solution.getServices().forEach(s -> spreadMin[s.getId()] = s.getSpreadMin());
        processesOfService = new int[serviceCount];
        solution.getAssignments().forEach(a -> processesOfService[a.getService().getId()]++);
        required = adjacency(serviceCount, solution.getDependencies(), true);
        dependents = adjacency(serviceCount, solution.getDependencies(), false);

        usage = new long[machineCount][resources];
        movedOut = new long[machineCount][resources];
        machineHard = new long[machineCount];
        machineSoft = new long[machineCount];
        onMachine = conflictTable ? new PairCounter(serviceCount, machineCount) : null;
        atLocation = new PairCounter(serviceCount, locations);
        inNeighborhood = new PairCounter(serviceCount, neighborhoods);
        distinctLocations = new int[serviceCount];
        movedOfService = new int[serviceCount];
        servicesWithMoved = new int[solution.getAssignments().size() + 1];
        servicesWithMoved[0] = serviceCount;
        for (int m = 0; m < machineCount; m++) {
            refreshMachine(m);
        }
        for (int s = 0; s < serviceCount; s++) {
            spreadShortfall += spreadPenalty(s);
        }
        int processes = solution.getAssignments().size();
        machineOf = new int[processes];
        originalOf = new int[processes];
        serviceOf = new int[processes];
        requirement = new long[processes][];
        weightedMoveCost = new long[processes];
        for (ProcessAssignment a : solution.getAssignments()) {
            int p = a.getId();
            machineOf[p] = -1;
            originalOf[p] = a.getOriginalMachine().getId();
            serviceOf[p] = a.getService().getId();
            requirement[p] = a.getProcess().getRequirement();
            weightedMoveCost[p] = a.getProcess().getWeightedMoveCost();
        }
        processesOn = new int[machineCount][4];
        servicesOn = new int[machineCount][4];
        countOn = new int[machineCount];
        slotOf = new int[processes];
    }

    /** How many processes machine {@code m} holds. */
    public int processCountOn(int m) {
        return countOn[m];
    }

    /** The {@code i}-th process on machine {@code m} (unordered; changes as processes move). */
    public int processOn(int m, int i) {
        return processesOn[m][i];
    }

    /** How many processes of service {@code s} machine {@code m} holds. */
    public int serviceCountOn(int s, int m) {
        if (onMachine != null) {
            return onMachine.get(s, m);
        }
        int[] services = servicesOn[m];
        int count = 0;
        for (int i = countOn[m] - 1; i >= 0; i--) {
            if (services[i] == s) {
                count++;
            }
        }
        return count;
    }

    private void addToMachine(int p, int m) {
        if (countOn[m] == processesOn[m].length) {
            processesOn[m] = java.util.Arrays.copyOf(processesOn[m], 2 * countOn[m]);
            servicesOn[m] = java.util.Arrays.copyOf(servicesOn[m], 2 * countOn[m]);
        }
        slotOf[p] = countOn[m];
        servicesOn[m][countOn[m]] = serviceOf[p];
        processesOn[m][countOn[m]++] = p;
    }

    private void removeFromMachine(int p, int m) {
        int last = processesOn[m][--countOn[m]];
        processesOn[m][slotOf[p]] = last;
        servicesOn[m][slotOf[p]] = serviceOf[last];
        slotOf[last] = slotOf[p];
    }

    /** Places every process where {@code solution} has it (those with a machine). */
    public void assignAll(MachineReassignment solution) {
        for (ProcessAssignment a : solution.getAssignments()) {
            if (a.getMachine() != null) {
                assign(a.getId(), a.getMachine().getId());
            }
        }
    }

    public int processCount() {
        return machineOf.length;
    }

    public int machineCount() {
        return capacity.length;
    }

    /** The machine of process {@code p}, or -1 while unassigned. */
    public int machineOf(int p) {
        return machineOf[p];
    }

    public int originalOf(int p) {
        return originalOf[p];
    }

    public int serviceOf(int p) {
        return serviceOf[p];
    }

    /**
     * Each process's size: its requirement as a share of the total capacity, summed over the
     * resources. Orders processes biggest first for packing.
     */
    public double[] processSizes() {
        double[] total = new double[resources];
        for (long[] cap : capacity) {
            for (int r = 0; r < resources; r++) {
                total[r] += cap[r];
            }
        }
        double[] sizes = new double[machineOf.length];
        for (int p = 0; p < sizes.length; p++) {
            for (int r = 0; r < resources; r++) {
                sizes[p] += requirement[p][r] / Math.max(1.0, total[r]);
            }
        }
        return sizes;
    }

    /** The current machine of every process, -1 for unassigned ones. */
    public int[] assignment() {
        return machineOf.clone();
    }

    /** Places unassigned process {@code p} on machine {@code m}. */
    public void assign(int p, int m) {
        machineOf[p] = m;
        addToMachine(p, m);
        apply(p, +1);
    }

    /** Removes process {@code p} from its machine. */
    public void unassign(int p) {
        apply(p, -1);
        removeFromMachine(p, machineOf[p]);
        machineOf[p] = -1;
    }

    /** Moves assigned process {@code p} to machine {@code m}. */
    public void move(int p, int m) {
        apply(p, -1);
        removeFromMachine(p, machineOf[p]);
        machineOf[p] = m;
        addToMachine(p, m);
        apply(p, +1);
    }

    private static int[][] adjacency(int services, List<ServiceDependency> dependencies, boolean forward) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            lists.add(new ArrayList<>());
        }
        for (ServiceDependency d : dependencies) {
            int from = (forward ? d.dependent() : d.required()).getId();
            int to = (forward ? d.required() : d.dependent()).getId();
            lists.get(from).add(to);
        }
        int[][] result = new int[services][];
        for (int s = 0; s < services; s++) {
            result[s] = lists.get(s).stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    /** Adds ({@code sign} +1) or removes (-1) process {@code p} on its current machine. */
    private void apply(int p, int sign) {
        int m = machineOf[p];
        int original = originalOf[p];
        int s = serviceOf[p];
        long[] req = requirement[p];

        long[] used = usage[m];
        for (int r = 0; r < resources; r++) {
            used[r] += sign * req[r];
        }
        refreshMachine(m);
        if (touched != null && !isTouched[m]) {
            isTouched[m] = true;
            touched[touchedCount++] = m;
        }
        if (m != original) {
            long[] out = movedOut[original];
            for (int r = 0; r < resources; r++) {
                out[r] += sign * req[r];
            }
            refreshMachine(original);
            processMoveCost += sign * weightedMoveCost[p];
            machineMoveCost += sign * machineMoveWeight * moveCostTo[original][m];
            countMoved(s, sign);
        }

        // Conflict: a pair per two processes of a service on one machine.
        // (Without the table, p is on m's list during both calls: its own entry is the 1 taken off.)
        if (onMachine == null) {
            conflictPairs += sign * (serviceCountOn(s, m) - 1);
        } else if (sign > 0) {
            conflictPairs += onMachine.increment(s, m) - 1;
        } else {
            conflictPairs -= onMachine.decrement(s, m);
        }

        // Spread: distinct locations per service.
        int l = location[m];
        int atL = sign > 0 ? atLocation.increment(s, l) : atLocation.decrement(s, l);
        if ((sign > 0 && atL == 1) || (sign < 0 && atL == 0)) {
            spreadShortfall -= spreadPenalty(s);
            distinctLocations[s] += sign;
            spreadShortfall += spreadPenalty(s);
        }

        int n = neighborhood[m];
        if (sign > 0) {
            if (inNeighborhood.increment(s, n) == 1) {
                // Processes of dependent services in n found their required service.
                for (int dependent : dependents[s]) {
                    dependencyBreaks -= inNeighborhood.get(dependent, n);
                }
            }
            for (int need : required[s]) {
                if (inNeighborhood.get(need, n) == 0) {
                    dependencyBreaks++;
                }
            }
        } else {
            for (int need : required[s]) {
                if (inNeighborhood.get(need, n) == 0) {
                    dependencyBreaks--;
                }
            }
            if (inNeighborhood.decrement(s, n) == 0) {
                for (int dependent : dependents[s]) {
                    dependencyBreaks += inNeighborhood.get(dependent, n);
                }
            }
        }
    }

    /** Service move cost: a histogram of moved-process counts per service keeps the maximum in O(1). */
    private void countMoved(int s, int sign) {
        int before = movedOfService[s];
        int after = before + sign;
        movedOfService[s] = after;
        servicesWithMoved[before]--;
        servicesWithMoved[after]++;
        if (after > maxMoved) {
            maxMoved = after;
        } else if (servicesWithMoved[maxMoved] == 0) {
            maxMoved--;
        }
    }

    long spreadPenalty(int s) {
        if (spreadMin[s] <= 1 || processesOfService[s] == 0) {
            return 0;
        }
        return Math.max(0, spreadMin[s] - distinctLocations[s]);
    }

    /** Recomputes machine {@code m}'s capacity, transient, load and balance terms from its usage. */
    private void refreshMachine(int m) {
        long[] used = usage[m];
        long[] cap = capacity[m];
        long[] safe = safety[m];
        long hard = 0;
        long soft = 0;
        for (int r = 0; r < resources; r++) {
            long u = used[r];
            if (u > cap[r]) {
                hard += u - cap[r];
            }
            if (u > safe[r]) {
                soft += loadWeight[r] * (u - safe[r]);
            }
        }
        long[] out = movedOut[m];
        for (int r : transientResources) {
            long excess = used[r] + out[r] - cap[r];
            if (excess > 0) {
                hard += excess;
            }
        }
        for (Balance b : balances) {
            long available1 = cap[b.firstResource()] - used[b.firstResource()];
            long available2 = cap[b.secondResource()] - used[b.secondResource()];
            long excess = b.target() * available1 - available2;
            if (excess > 0) {
                soft += b.weight() * excess;
            }
        }
        machineHardTotal += hard - machineHard[m];
        machineSoftTotal += soft - machineSoft[m];
        machineHard[m] = hard;
        machineSoft[m] = soft;
    }

    /** Sum of the hard penalties: capacity, transient, conflict, spread and dependency. */
    public long hardPenalty() {
        return machineHardTotal + conflictPairs + spreadShortfall + dependencyBreaks;
    }

    /** The official objective. */
    public long softPenalty() {
        return machineSoftTotal + processMoveCost + machineMoveCost + serviceMoveWeight * maxMoved;
    }

    /**
     * Whether the instance has balance objectives: placing a process can then lower the cost
     * (it uses up the first resource of a balance), so a partial cost is no lower bound.
     */
    public boolean hasBalanceCost() {
        return balances.length > 0;
    }

    /** From now on, remembers the machines whose usage (so cost and room) changes: {@link #drainTouched}. */
    public void trackTouchedMachines() {
        if (touched == null) {
            touched = new int[machineCount()];
            isTouched = new boolean[machineCount()];
        }
    }

    /**
     * Writes the machines whose usage changed since the last call (each once, in the order first
     * changed) into {@code into} (at least {@link #machineCount} long) and forgets them; their count.
     */
    public int drainTouched(int[] into) {
        int n = touchedCount;
        for (int i = 0; i < n; i++) {
            int m = touched[i];
            into[i] = m;
            isTouched[m] = false;
        }
        touchedCount = 0;
        return n;
    }

    /** Load and balance cost of machine {@code m}: where moves are worth trying. */
    public long machineCost(int m) {
        return machineSoft[m];
    }

    /**
     * Machine {@code m}'s weighted load cost: its cost without the balance terms. On a balance
     * instance whose balance cost sits at its floor (a1_4) this is where a move can gain.
     */
    public long loadCost(int m) {
        long[] used = usage[m];
        long[] safe = safety[m];
        long cost = 0;
        for (int r = 0; r < resources; r++) {
            if (used[r] > safe[r]) {
                cost += loadWeight[r] * (used[r] - safe[r]);
            }
        }
        return cost;
    }

    public int resourceCount() {
        return resources;
    }

    /** Whether the instance has transient resources (a moved process still holds its share at home). */
    public boolean hasTransientResources() {
        return transientResources.length > 0;
    }

    /** Machine {@code m}'s usage of resource {@code r} above its safety capacity (negative: room below it). */
    public long loadExcess(int m, int r) {
        return usage[m][r] - safety[m][r];
    }

    /**
     * How much of resource {@code r} machine {@code m} can still receive, as the feasibility check
     * counts it: capacity minus usage, and on a transient resource minus what moved away from it
     * too (a moved process keeps holding its share at home). At most what a move there may add.
     */
    public long receivableRoom(int m, int r) {
        return capacity[m][r] - usage[m][r] - (transientByIndex[r] ? movedOut[m][r] : 0);
    }

    /** Whether resource {@code r} is transient. */
    public boolean isTransient(int r) {
        return transientByIndex[r];
    }

    /** The weight of resource {@code r}'s load cost. */
    public long loadWeight(int r) {
        return loadWeight[r];
    }

    /** Process {@code p}'s requirement of resource {@code r}. */
    public long requirement(int p, int r) {
        return requirement[p][r];
    }

    public HardSoftScore score() {
        return HardSoftScore.of(-hardPenalty(), -softPenalty());
    }
}
