package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.Arrays;

/**
 * Strategic oscillation over the transient capacity, for {@link SimulatedAnnealing} on tightly
 * packed instances: shifts, swaps and double shifts may leave a machine above its transient
 * capacity (its processes plus what moved away from it) at a penalty per unit of excess
 * ({@link MoveDelta#relaxTransient}), so that the search can cross the infeasible space between
 * two packings that no single feasible move connects. The penalty adapts every block of
 * candidates: up by {@link Tuning#step} when more than {@link Tuning#target} of the block's
 * candidates ended infeasible, down otherwise, so that the search keeps returning to
 * feasibility; while infeasible, {@link Tuning#repairPercent} of the candidates take a process
 * off a machine that is over its transient capacity. Keeps the state's excess and the machines
 * over capacity, move by move; the search keeps only feasible states as its best.
 */
final class TransientOscillation {
    /**
     * @param start         the first penalty per unit of excess, in units of the transient
     *                      resources' largest load weight (then adapted)
     * @param target        the share of a block's candidates that may end infeasible
     * @param step          the penalty's factor up (or down) per block
     * @param min           the lowest penalty, same units as {@code start}
     * @param max           the highest penalty, same units (bounds the cost of an excess well within a long)
     * @param repairPercent while infeasible, the share of candidates that are repairs
     */
    record Tuning(double start, double target, double step, double min, double max, int repairPercent) {
        /** As measured on a2_2 and a2_3 (docs/roadef.md, 2026-12-07, relax13). */
        static final Tuning DEFAULT = new Tuning(1, 0.2, 1.5, 0.05, 1e5, 50);
    }

    private final RoadefState state;
    private final MoveDelta delta;
    private final Tuning tuning;
    /** The penalty's unit: the largest load weight of a transient resource (at least 1). */
    private final double unit;
    private double factor;
    private long excess;
    private int infeasibleInBlock;
    private long infeasibleCandidates;
    /** The machines over their transient capacity, and each one's slot there (-1: not over). */
    private final int[] over;
    private final int[] overSlot;
    private int overCount;

    TransientOscillation(RoadefState state, MoveDelta delta, Tuning tuning) {
        this.state = state;
        this.delta = delta;
        this.tuning = tuning;
        long weight = 1;
        for (int r = 0; r < state.resourceCount(); r++) {
            if (state.isTransient(r)) {
                weight = Math.max(weight, state.loadWeight(r));
            }
        }
        this.unit = weight;
        this.factor = tuning.start();
        this.over = new int[state.machineCount()];
        this.overSlot = new int[state.machineCount()];
        Arrays.fill(overSlot, -1);
        resync();
    }

    /** Whether the instance has transient resources (else there is nothing to relax). */
    static boolean applies(RoadefState state) {
        for (int r = 0; r < state.resourceCount(); r++) {
            if (state.isTransient(r)) {
                return true;
            }
        }
        return false;
    }

    /** Before a block of candidates: the moves priced at the current penalty. */
    void startBlock() {
        delta.relaxTransient(factor * unit);
        infeasibleInBlock = 0;
    }

    /** After each candidate of a block. */
    void afterCandidate() {
        if (excess > 0) {
            infeasibleInBlock++;
        }
    }

    /** After a block of {@code candidates}: a stiffer penalty after a block spent mostly infeasible, a softer one otherwise. */
    void endBlock(int candidates) {
        infeasibleCandidates += infeasibleInBlock;
        if (infeasibleInBlock > tuning.target() * candidates) {
            factor = Math.min(tuning.max(), factor * tuning.step());
        } else {
            factor = Math.max(tuning.min(), factor / tuning.step());
        }
    }

    /** The transient excess an accepted move adds, priced by the last shift, swap or double shift; its official cost change returned. */
    long accept(long change) {
        long added = delta.excessChange();
        excess += added;
        return change - delta.penaltyOf(added);
    }

    /** The excess the last priced move would leave. */
    long excessAfter() {
        return excess + delta.excessChange();
    }

    /** After an applied move over machines a, b and c (-1: none). */
    void touched(int a, int b, int c) {
        mark(a);
        mark(b);
        if (c >= 0) {
            mark(c);
        }
    }

    /** After the state changed in other ways (another assignment adopted): recounted from the state. */
    void resync() {
        excess = state.transientExcess();
        for (int m = 0; m < over.length; m++) {
            mark(m);
        }
    }

    boolean feasible() {
        return excess == 0;
    }

    /** Whether this candidate is a repair (a share of the candidates while infeasible). */
    boolean repairDue(int percentDraw) {
        return overCount > 0 && percentDraw < tuning.repairPercent();
    }

    /** The {@code i}-th machine over its transient capacity, i in [0, {@link #overCount()}). */
    int overMachine(int i) {
        return over[i];
    }

    int overCount() {
        return overCount;
    }

    /** Candidates after which the state was infeasible, over all blocks so far. */
    long infeasibleCandidates() {
        return infeasibleCandidates;
    }

    private void mark(int m) {
        boolean isOver = state.transientExcess(m) > 0;
        if (isOver && overSlot[m] < 0) {
            overSlot[m] = overCount;
            over[overCount++] = m;
        } else if (!isOver && overSlot[m] >= 0) {
            int last = over[--overCount];
            over[overSlot[m]] = last;
            overSlot[last] = overSlot[m];
            overSlot[m] = -1;
        }
    }
}
