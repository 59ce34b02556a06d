package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Simulated annealing over random shifts, swaps, double shifts, the occasional exact repack of
 * two machines ({@link PairRepack}) and, late in the schedule, of three ({@link GroupRepack};
 * these three on the A set's sizes without balance objectives) and the occasional
 * ruin-and-recreate, and shifts guided by where the cost is ({@link GuidedShift}: beyond the A
 * set's sizes, and on its packing instances with many resources) with {@link HomeChain}s beside them
 * on those packing instances and on the balance instances with a transient resource (a1_4, a1_5),
 * on the arrays of a {@link RoadefState}:
 * candidates are evaluated by {@link MoveDelta} without being applied, and only feasible ones
 * are ever applied, so the state stays feasible and the best assignment seen is kept.
 *
 * <p>A candidate is accepted when its cost change is at most {@code T * -ln(u)}, u uniform in
 * (0, 1]: the classic Metropolis rule, with the threshold drawn first so that a move over it is
 * rejected before its spread and dependency checks. The temperature is a share of the best cost
 * so far (instances' costs range from hundreds to billions) that falls geometrically from
 * {@code startTemperature} to {@code endTemperature} over the planned candidates ({@link
 * RoadefSearchPhase.Settings#candidates}, or the time limit at a nominal rate), never by the clock.
 */
final class SimulatedAnnealing {
    /** Candidates between two looks at the stop flag and the temperature; exchange points fall on multiples of it. */
    static final int CHECK_EVERY = 1 << 12;
    private static final int THRESHOLDS = 1 << 16;
    /**
     * The temperatures were tuned on the A set (at most 100 machines) as a share of the total
     * cost; on more machines a move touches a smaller share of the total, so the temperature is
     * scaled by 100 / machines: at 5,000 machines the unscaled start accepted nearly every move
     * (a random walk that never cooled enough within minutes).
     */
    private static final double TUNED_MACHINES = 100;
    /*
     * Beyond the A set's sizes (measured on a2_3 x 50 at 2 M and 20 M candidates, the same
     * candidates for every variant: docs/decisions.md), where a minute gives a few hundred
     * candidates per process instead of a million: colder (a greedier search pays off on a short
     * budget per process), candidates drawn from a focus of FOCUS_MACHINES machines re-drawn
     * every FOCUS_CANDIDATES (an A-set-sized neighbourhood, where a process finds a better
     * machine among a hundred instead of five thousand), and a targeted shift tries
     * TARGET_TRIES cheap machines and keeps the best.
     */
    private static final double LARGE_TEMPERATURE_SCALE = 0.03;
    private static final int FOCUS_MACHINES = 100;
    private static final int FOCUS_CANDIDATES = 1 << 16;
    private static final int TARGET_TRIES = 4;
    /**
     * Beyond the A set's sizes, the share of candidates that are {@link GuidedShift}s: a process
     * from a machine drawn by its cost, to the roomiest of a few machines with room in the
     * resource it relieves (or exchanged with a process there). On a2_3 x 50 and a2_2 x 50 at
     * 10 M candidates they beat the search without them at 20 M, at about the same CPU
     * (docs/roadef.md, 2026-12-07); a guided candidate costs about twice a plain one.
     */
    static final int GUIDED_PERCENT = 50;
    /*
     * On the A set's sizes only (the large-instance search above is left as measured): a share
     * of the candidates are double shifts (p to q's machine, q to a third), and one in
     * REPACK_EVERY re-splits the processes of a costly machine and a random one exactly
     * (PairRepack). Both aim at a2_2 and a2_3, where every machine is near its safety capacity
     * on twelve resources and four are transient: a single shift onto a full machine costs more
     * than it gains. Measured at equal candidates, docs/decisions.md.
     */
    static final int DOUBLE_SHIFT_PERCENT = 15;
    /*
     * On the packing instances of the A set's sizes with many resources and transient ones (a2_2,
     * a2_3: twelve, all used near their total safety capacity, four transient), the share of
     * candidates that are GuidedShifts:
     * a process from a machine drawn by its cost, to the roomiest of a few machines below safety
     * in the resource it relieves, exchanged where it does not fit, or home. There a random
     * target is nearly always full in one of the twelve resources or held by transient shares.
     * Measured at equal candidates and about equal CPU (docs/roadef.md, "Guided shifts on the
     * packing instances"): a2_2 and a2_3 lower in most seeds; on a1_2 and a2_1 (three or four
     * resources) higher, so those keep the search as measured before. a2_5 (twelve resources, none
     * transient) was lower at equal candidates but 4.7 % above its best known at 300 s against
     * 0.1 % before (2026-12-07 13:58, quiet), so the rule asks for a transient resource.
     */
    static final int PACKING_GUIDED_PERCENT = Integer.getInteger("roadef.packingGuided", 40);
    static final int PACKING_GUIDED_MIN_RESOURCES = 8;
    /*
     * Where guided shifts run on the A set's sizes (a2_2, a2_3), the share of candidates that are
     * HomeChains: a process away from home sent back, a process of a costly machine drawn by its
     * cost into the room that makes (transient room made, not found: the guided shifts aimed at
     * receivable room gained nothing). One thread, 20 M candidates, seeds 0-7: a2_2 -7.9 % on the
     * mean, lower in 8 of 8 seeds; a2_3 -0.7 %, 5 of 8 (within the seeds' spread); 1.05-1.12x the
     * CPU per candidate; 20 % was worse than 10 on the seeds tried (docs/roadef.md, "Home chains").
     * -Droadef.homeChain=0 turns it off for measuring (the search exactly as before).
     */
    static final int PACKING_HOME_CHAIN_PERCENT = Integer.getInteger("roadef.homeChain", 10);
    /*
     * On the A set's sizes with a balance objective and a transient resource (a1_4, a1_5), the
     * share of candidates that are HomeChains from a machine drawn by its load cost (not its
     * balance cost: a1_4's balance cost sits at its floor, the lower bound from the totals, and
     * all of its excess is load cost, most of it on the transient resource, whose receivable room
     * is held by the processes that moved away). -Droadef.balanceHomeChain=0 turns it off.
     */
    static final int BALANCE_HOME_CHAIN_PERCENT = Integer.getInteger("roadef.balanceHomeChain", 10);
    static final int REPACK_EVERY = 1_000;
    /*
     * In the second half of the cooling schedule, one candidate in GROUP_REPACK_EVERY re-assigns
     * three machines' processes exactly, up to three of them changing machine (GroupRepack: a
     * process sent home and what makes room there sent on). Measured at equal candidates on
     * a2_2 and a2_3 (docs/roadef.md): from the start it cost twice the CPU per candidate and
     * helped a2_3 only; from half way it helps both, at a price per candidate within the noise on
     * a2_2 and about 1.6x on a2_3 (not shown to pay at equal CPU; 2 here turns it off).
     */
    static final int GROUP_REPACK_EVERY = 1_000;
    static final double GROUP_REPACK_FROM = 0.5;
    /*
     * With balance objectives too (a1_1, a1_4, a1_5, a2_4)? Their repacks prune now (the bound
     * counts how far a balance cost can fall), but on a1_4 (20 M candidates, one thread) they
     * ended at 281.0 / 280.8 M against 268.0 / 284.0 M without (seeds 0 / 1) at 1.3x the CPU:
     * off, as measured before (docs/roadef.md).
     */
    static final boolean BALANCE_REPACKS = false;
    /**
     * Beyond the A set's sizes, one candidate in LARGE_REPACK_EVERY re-splits exactly the
     * processes of a machine drawn by its cost ({@link GuidedShift#costlySource}) and a machine of
     * the focus ({@link PairRepack}; pairs of at most 30 processes). On a2_1 x 50 the cost sits on
     * big processes on machines too small for them, where no single shift or exchange fits and
     * the exact split of two machines does: at equal candidates 186 M -> 34 M; a2_5 x 50 -8 % (at
     * about equal CPU -3 %); a1_2 x 50 better at equal candidates, 0.2 points worse in one 300 s
     * run (docs/roadef.md, "The large set: where a2_1, a2_4 and a2_5 stall").
     */
    static final int LARGE_REPACK_EVERY = 30;

    private final RoadefState state;
    private final MoveDelta delta;
    private final RuinAndRecreate ruin;
    private final SplittableRandom random;
    private final RoadefSearchPhase.Settings settings;
    private final int processes;
    private final int machines;
    private final double scale;
    private final PairRepack repack;
    private final GroupRepack groupRepack;
    /** Guided shifts: on large instances only (null on the A set's sizes). */
    private final GuidedShift guided;
    /** Home chains: on the packing instances with guided shifts only (null elsewhere). */
    private final HomeChain homeChain;
    /** Home chains from a machine drawn by load cost: balance instances with a transient resource (null elsewhere). */
    private final HomeChain balanceChain;
    /** Group repacks are on: packing moves and the cooling schedule past {@link #GROUP_REPACK_FROM}. */
    private boolean groupRepacks;
    /**
     * Double shifts and repacks only where the cost is the packing: without balance objectives.
     * With them the repack's bound prunes nothing (an insertion can lower a balance cost), so each
     * repack tries its 20,000 insertions (a1_4: 2.4x the CPU per candidate), and on a1_4 the
     * double shifts alone ended 12.8 % worse at 20 M candidates; those instances keep the search
     * as measured before.
     */
    private final boolean packingMoves;
    /** The repacks: on packing instances, and with balance objectives if {@link #BALANCE_REPACKS}. */
    private final boolean repackMoves;
    /** Guided shifts among the A-set-sized search's candidates: see {@link #PACKING_GUIDED_PERCENT}. */
    private final boolean packingGuided;
    private final boolean large;
    /** The machines candidates are drawn from (all of them when empty); see {@link #FOCUS_MACHINES}. */
    private int[] focus = new int[0];
    /** The machines this search may touch (null: all); set by {@link PartitionedSearch} per epoch. */
    private int[] pool;
    /** -ln(u) for u uniform in (0, 1], drawn once: a table lookup is cheaper than a logarithm per candidate. */
    private final double[] exponential = new double[THRESHOLDS];

    private long current;
    private long best;
    /** {@link #best} for other threads (progress reports). */
    private volatile long bestSeen;
    private int[] bestAssignment;
    private boolean bestUnsaved;
    private long evaluations;
    /** Pair repacks that lowered the cost on a large instance (a statistic). */
    private long largeRepacks;
    /** Candidates over which the temperature falls from start to end (then stays at the end). */
    private final long planned;

    SimulatedAnnealing(RoadefState state, SplittableRandom random, RoadefSearchPhase.Settings settings) {
        this.state = state;
        this.delta = new MoveDelta(state);
        this.ruin = new RuinAndRecreate(state, delta, random);
        this.repack = new PairRepack(state);
        this.groupRepack = new GroupRepack(state);
        this.random = random;
        this.settings = settings;
        this.processes = state.processCount();
        this.machines = state.machineCount();
        this.large = machines > TUNED_MACHINES;
        this.packingMoves = !large && !state.hasBalanceCost();
        this.repackMoves = !large && BALANCE_REPACKS || packingMoves;
        this.packingGuided = packingMoves && state.resourceCount() >= PACKING_GUIDED_MIN_RESOURCES
                && state.hasTransientResources() && PACKING_GUIDED_PERCENT > 0;
        this.guided = large && GUIDED_PERCENT > 0 || packingGuided ? new GuidedShift(state, delta, random) : null;
        this.homeChain = packingGuided && PACKING_HOME_CHAIN_PERCENT > 0 ? new HomeChain(state, delta, random) : null;
        this.balanceChain = !large && state.hasBalanceCost() && state.hasTransientResources()
                && BALANCE_HOME_CHAIN_PERCENT > 0 ? new HomeChain(state, delta, random) : null;
        this.scale = Math.min(1, TUNED_MACHINES / machines) * (large ? LARGE_TEMPERATURE_SCALE : 1);
        this.current = state.softPenalty();
        this.best = current;
        this.bestSeen = current;
        this.bestAssignment = state.assignment();
        this.planned = settings.plannedCandidates(processes);
        for (int i = 0; i < THRESHOLDS; i++) {
            exponential[i] = -Math.log(1 - random.nextDouble());
        }
    }

    /**
     * Searches until {@code stop} says so (asked every few thousand candidates); a later call
     * goes on where this one stopped, on the same cooling schedule.
     */
    void run(BooleanSupplier stop) {
        run(Long.MAX_VALUE, stop);
    }

    /**
     * Evaluates {@code candidates} more candidates (a multiple of {@value #CHECK_EVERY}), fewer
     * if {@code stop} says so first. The temperature follows the candidates evaluated, never
     * the clock: the same seed and the same count give the same search on any machine, loaded
     * or not.
     */
    void run(long candidates, BooleanSupplier stop) {
        double cooling = settings.endTemperature() / settings.startTemperature();
        long end = candidates == Long.MAX_VALUE ? Long.MAX_VALUE : evaluations + candidates;
        while (evaluations < end && !stop.getAsBoolean()) {
            if (large && evaluations % FOCUS_CANDIDATES == 0) {
                drawFocus();
            }
            if (guided != null) {
                guided.refresh();
            }
            double progress = Math.min(1, (double) evaluations / planned);
            groupRepacks = repackMoves && progress >= GROUP_REPACK_FROM;
            double temperature = best * scale * settings.startTemperature() * Math.pow(cooling, progress);
            for (int i = 0; i < CHECK_EVERY; i++) {
                long limit = (long) (temperature * exponential[random.nextInt() & (THRESHOLDS - 1)]);
                long change = step(limit);
                if (change != MoveDelta.REJECTED) {
                    current += change;
                    if (current < best) {
                        best = current;
                        bestSeen = current;
                        bestUnsaved = true;
                    }
                }
            }
            evaluations += CHECK_EVERY;
        }
        saveBest();
    }

    /** One candidate: applied and its cost change returned if accepted, else {@link MoveDelta#REJECTED}. */
    private long step(long limit) {
        if (below(settings.ruinEvery()) == 0) {
            saveBestBeforeChange();
            return ruin.apply(costlyMachine(), 2 + below(2), random.nextInt() < 0, limit);
        }
        if (repackMoves && below(REPACK_EVERY) == 0) {
            return repack.apply(costlyMachine(), anyMachine());
        }
        if (groupRepacks && below(GROUP_REPACK_EVERY) == 0) {
            return groupRepack();
        }
        if (large) {
            // Beyond the A set's sizes only, so the A set's measured results stand: exact pair
            // repacks from a machine drawn by its cost, guided shifts, and half the rest targeted
            // (see targeted()).
            if (guided != null && LARGE_REPACK_EVERY > 0 && below(LARGE_REPACK_EVERY) == 0) {
                return largeRepack();
            }
            if (guided != null && below(100) < GUIDED_PERCENT) {
                return guidedShift(limit);
            }
            if ((random.nextInt() & 1) == 0) {
                return targeted(limit);
            }
        }
        if (balanceChain != null && below(100) < BALANCE_HOME_CHAIN_PERCENT) {
            return balanceChain(limit);
        }
        if (homeChain != null && below(100) < PACKING_HOME_CHAIN_PERCENT) {
            return homeChain(limit);
        }
        if (packingGuided && below(100) < PACKING_GUIDED_PERCENT) {
            return guidedShift(limit);
        }
        int kind = below(100);
        if (packingMoves && kind >= settings.swapPercent() && kind < settings.swapPercent() + DOUBLE_SHIFT_PERCENT) {
            return doubleShift(limit);
        }
        if (kind < settings.swapPercent()) {
            int p = anyProcess();
            int q = anyProcess();
            if (p < 0 || q < 0) {
                return MoveDelta.REJECTED;
            }
            return swap(p, q, limit);
        }
        int p = anyProcess();
        int m = anyMachine();
        if (p < 0) {
            return MoveDelta.REJECTED;
        }
        return shift(p, m, delta.shift(p, m, limit));
    }

    /**
     * Large instances: a process from the costlier of two machines, towards (or swapped with a
     * process of) the cheapest of a few. On 5,000 machines a uniformly random candidate rarely
     * touches a machine that costs anything, and the search gets a few hundred candidates per
     * process in minutes where the A set gets a million.
     */
    /** An exact re-split of a machine drawn by its cost and a machine of the focus (large instances). */
    private long largeRepack() {
        int a = guided.costlySource();
        if (a < 0) {
            return MoveDelta.REJECTED;
        }
        long change = repack.apply(a, anyMachine());
        largeRepacks += change != MoveDelta.REJECTED ? 1 : 0;
        return change;
    }

    private long targeted(long limit) {
        int from = costlyMachine();
        int onFrom = state.processCountOn(from);
        if (onFrom == 0) {
            return MoveDelta.REJECTED;
        }
        if (below(100) < settings.swapPercent()) {
            int p = state.processOn(from, below(onFrom));
            int q = anyProcess();
            if (p < 0 || q < 0) {
                return MoveDelta.REJECTED;
            }
            int to = cheapMachine();
            int onTo = state.processCountOn(to);
            if (onTo == 0) {
                return MoveDelta.REJECTED;
            }
            return swap(p, state.processOn(to, below(onTo)), limit);
        }
        int p = state.processOn(from, below(onFrom));
        int m = cheapMachine();
        if (p < 0) {
            return MoveDelta.REJECTED;
        }
        long change = delta.shift(p, m, limit);
        for (int k = 1; k < TARGET_TRIES; k++) {
            int m2 = cheapMachine();
            long c2 = delta.shift(p, m2, limit);
            if (c2 != MoveDelta.REJECTED && (change == MoveDelta.REJECTED || c2 < change)) {
                change = c2;
                m = m2;
            }
        }
        return shift(p, m, change);
    }

    /** The swap of p and q, applied if within {@code limit}. */
    private long swap(int p, int q, long limit) {
        long change = delta.swap(p, q, limit);
        if (change != MoveDelta.REJECTED) {
            accepted(change);
            int a = state.machineOf(p);
            int b = state.machineOf(q);
            state.move(p, b);
            state.move(q, a);
        }
        return change;
    }

    /** The shift of p to m priced at {@code change}, applied unless rejected. */
    private long shift(int p, int m, long change) {
        if (change != MoveDelta.REJECTED) {
            accepted(change);
            state.move(p, m);
        }
        return change;
    }

    /** Before an accepted move is applied: the best saved if the state leaves it for a worse one. */
    private void accepted(long change) {
        if (change > 0) {
            saveBestBeforeChange();
        }
    }

    /** After the state was set to another assignment. */
    private void resync() {
        current = state.softPenalty();
    }

    /** A {@link GuidedShift}, applied if accepted. */
    private long guidedShift(long limit) {
        long change = guided.evaluate(limit);
        if (change != MoveDelta.REJECTED) {
            if (change > 0) {
                saveBestBeforeChange();
            }
            int p = guided.process();
            int q = guided.partner();
            int from = state.machineOf(p);
            state.move(p, guided.target());
            if (q >= 0) {
                state.move(q, from);
            }
        }
        return change;
    }

    /** A {@link HomeChain} from a machine drawn by its cost, applied if accepted. */
    private long homeChain(long limit) {
        long change = homeChain.evaluate(guided.costlySource(), limit);
        if (change != MoveDelta.REJECTED) {
            accepted(change);
            homeChain.apply();
        }
        return change;
    }

    /** A {@link HomeChain} from the machine of higher load cost of two random ones, applied if accepted. */
    private long balanceChain(long limit) {
        int a = anyMachine();
        int b = anyMachine();
        long change = balanceChain.evaluate(state.loadCost(a) >= state.loadCost(b) ? a : b, limit);
        if (change != MoveDelta.REJECTED) {
            accepted(change);
            balanceChain.apply();
        }
        return change;
    }

    /** A double shift: a random process to a random process's machine, that one to a random third machine. */
    private long doubleShift(long limit) {
        int p = anyProcess();
        int q = anyProcess();
        if (p < 0 || q < 0) {
            return MoveDelta.REJECTED;
        }
        int c = anyMachine();
        long change = delta.doubleShift(p, q, c, limit);
        if (change != MoveDelta.REJECTED) {
            accepted(change);
            int b = state.machineOf(q);
            state.move(q, c);
            state.move(p, b);
        }
        return change;
    }

    /**
     * A {@link GroupRepack} of a costly machine, the original machine of a process moved onto it
     * (which holds that process's transient share: sending it home frees room on the costly
     * machine) and a third machine, which may take what makes room at home.
     */
    private long groupRepack() {
        int a = costlyMachine();
        int on = state.processCountOn(a);
        int home = -1;
        for (int k = 0, first = on == 0 ? 0 : below(on); k < on && home < 0; k++) {
            int original = state.originalOf(state.processOn(a, (first + k) % on));
            if (original != a) {
                home = original;
            }
        }
        if (home < 0) {
            home = anyMachine();
        }
        return groupRepack.apply(a, home, anyMachine());
    }

    /** Uniform in [0, bound) by a multiply instead of a division: this runs several times per candidate. */
    private int below(int bound) {
        return (int) (((random.nextInt() & 0xFFFF_FFFFL) * bound) >>> 32);
    }

    /** The costlier of two random machines: ruins start where load and balance cost something. */
    /** A new focus: {@link #FOCUS_MACHINES} machines drawn uniformly (repeats are harmless). */
    private void drawFocus() {
        if (focus.length == 0) {
            focus = new int[FOCUS_MACHINES];
        }
        for (int i = 0; i < focus.length; i++) {
            focus[i] = pool == null ? below(machines) : pool[below(pool.length)];
        }
    }

    /** A machine of the focus, or of all when there is none. */
    private int anyMachine() {
        return focus.length > 0 ? focus[below(focus.length)] : below(machines);
    }

    /** A process on a machine of the focus (-1 if that machine is empty), or of all when there is none. */
    private int anyProcess() {
        if (focus.length == 0) {
            return below(processes);
        }
        int m = anyMachine();
        int on = state.processCountOn(m);
        return on == 0 ? -1 : state.processOn(m, below(on));
    }

    private int costlyMachine() {
        int a = anyMachine();
        int b = anyMachine();
        return state.machineCost(a) >= state.machineCost(b) ? a : b;
    }

    /** The cheaper of two random machines: where a process from a costly one may go. */
    private int cheapMachine() {
        int a = anyMachine();
        int b = anyMachine();
        return state.machineCost(a) <= state.machineCost(b) ? a : b;
    }

    /** The best assignment is copied lazily: only when the state is about to leave it for a worse one. */
    private void saveBestBeforeChange() {
        if (bestUnsaved) {
            saveBest();
        }
    }

    private void saveBest() {
        if (bestUnsaved) {
            bestAssignment = state.assignment();
            bestUnsaved = false;
        }
    }

    /**
     * Continues from {@code assignment} (a feasible one, e.g. another search's best) at the
     * current temperature; call between runs, while no thread runs this search.
     */
    void adopt(int[] assignment) {
        saveBest();
        for (int p = 0; p < assignment.length; p++) {
            if (state.machineOf(p) != assignment[p]) {
                state.move(p, assignment[p]);
            }
        }
        resync();
        if (current < best) {
            best = current;
            bestSeen = current;
            bestUnsaved = true;
        }
    }

    /**
     * From now on only machines of {@code machines} are touched (null: all); a new focus is
     * drawn from them at once. Only for instances beyond the A set's size (those with a focus).
     */
    void restrictTo(int[] machines) {
        if (!large) {
            throw new IllegalStateException("a pool of machines needs the large-instance search");
        }
        pool = machines;
        ruin.restrictTo(machines);
        if (guided != null) {
            guided.restrictTo(machines);
        }
        drawFocus();
    }

    /**
     * Continues from {@code assignment} (feasible) as if it were the start: it becomes the best
     * and the current solution, and the best so far is forgotten (the caller keeps the overall
     * best). Call between runs.
     */
    void restart(int[] assignment) {
        for (int p = 0; p < assignment.length; p++) {
            if (state.machineOf(p) != assignment[p]) {
                state.move(p, assignment[p]);
            }
        }
        resync();
        best = current;
        bestSeen = current;
        bestAssignment = assignment.clone();
        bestUnsaved = false;
    }

    /** Share of the cooling schedule done: 1 once at the end temperature. */
    double progress() {
        return Math.min(1, (double) evaluations / planned);
    }

    /** The best cost so far; safe from any thread. */
    long bestCost() {
        return bestSeen;
    }

    long currentCost() {
        return current;
    }

    /** The best assignment; call from the searching thread or after {@link #run} returned. */
    int[] bestAssignment() {
        saveBest();
        return bestAssignment;
    }

    long evaluations() {
        return evaluations;
    }

    /** Pair repacks drawn by cost that lowered the cost, beyond the A set's sizes. */
    long largeRepacks() {
        return largeRepacks;
    }

    int processes() {
        return processes;
    }
}
