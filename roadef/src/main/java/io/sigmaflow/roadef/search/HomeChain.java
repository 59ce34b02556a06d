package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.SplittableRandom;

/**
 * An ejection chain that makes transient room instead of looking for it: a process {@code p}
 * away from its original machine goes home, and a process {@code q} of a costly machine takes
 * the place p leaves. On a transient resource a machine can receive only its capacity minus its
 * usage minus what moved away from it, so room below safety on a machine whose own processes
 * moved away cannot be used; p going home never overflows a transient resource there (its share
 * is still held at home), and p leaving its current machine frees real room (usage and transient
 * alike) for q. When p's home is q's machine the chain is the swap of p and q.
 *
 * <p>Each try draws {@link #DRAWS} processes and keeps one away from home; where q's machine is
 * over its safety capacity, the one whose leaving leaves its machine the most room below safety
 * in the resource q relieves most (as {@link GuidedShift} reads it: load weight times the smaller
 * of the excess and q's requirement). Of {@link #TRIES} such chains for one q, the cheapest feasible one (by {@link
 * MoveDelta#doubleShift}, or {@link MoveDelta#swap}) is the candidate; nothing is applied until
 * {@link #apply}. Deterministic: every draw comes from the caller's random.
 */
final class HomeChain {
    /** Chains tried per candidate (one delta each at most). */
    static final int TRIES = 4;
    /** Random draws per try for a process away from home (about a third of them are, late in a2_2's search). */
    static final int DRAWS = 4;

    private final RoadefState state;
    private final MoveDelta delta;
    private final SplittableRandom random;
    private final int processes;
    private int process = -1;
    private int homeward = -1;

    HomeChain(RoadefState state, MoveDelta delta, SplittableRandom random) {
        this.state = state;
        this.delta = delta;
        this.random = random;
        this.processes = state.processCount();
    }

    /**
     * The cost change of the cheapest of {@link #TRIES} chains that move a random process of
     * machine {@code from} into the place of a process sent home, or {@link MoveDelta#REJECTED}
     * if none is feasible within {@code limit}.
     */
    long evaluate(int from, long limit) {
        process = -1;
        int on = from < 0 ? 0 : state.processCountOn(from);
        if (on == 0) {
            return MoveDelta.REJECTED;
        }
        int q = state.processOn(from, random.nextInt(on));
        int r = GuidedShift.relievedResource(state, from, q);
        long best = MoveDelta.REJECTED;
        for (int k = 0; k < TRIES; k++) {
            int p = r < 0 ? awayFromHome() : roomiestAwayFromHome(r);
            if (p < 0) {
                continue;
            }
            int at = state.machineOf(p);
            int home = state.originalOf(p);
            if (at == from) {
                continue;
            }
            long change = home == from ? delta.swap(q, p, limit) : delta.doubleShift(q, p, home, limit);
            if (change < best) {
                best = change;
                homeward = p;
            }
        }
        if (best != MoveDelta.REJECTED) {
            process = q;
        }
        return best;
    }

    /** Applies the chain the last {@link #evaluate} found: the process sent home, the other into its place. */
    void apply() {
        int place = state.machineOf(homeward);
        state.move(homeward, state.originalOf(homeward));
        state.move(process, place);
    }

    /** The process of the costly machine in the last found chain, -1 if none was found. */
    int process() {
        return process;
    }

    /** The process sent home in the last found chain. */
    int homeward() {
        return homeward;
    }

    /** Of {@link #DRAWS} random processes away from home, the one whose leaving leaves its machine the most room below safety in {@code r}. */
    private int roomiestAwayFromHome(int r) {
        int best = -1;
        long bestRoom = Long.MIN_VALUE;
        for (int d = 0; d < DRAWS; d++) {
            int p = random.nextInt(processes);
            int at = state.machineOf(p);
            if (at >= 0 && at != state.originalOf(p)) {
                long room = state.requirement(p, r) - state.loadExcess(at, r);
                if (room > bestRoom) {
                    bestRoom = room;
                    best = p;
                }
            }
        }
        return best;
    }

    /** A random assigned process away from its original machine, -1 if {@link #DRAWS} draws found none. */
    private int awayFromHome() {
        for (int d = 0; d < DRAWS; d++) {
            int p = random.nextInt(processes);
            int at = state.machineOf(p);
            if (at >= 0 && at != state.originalOf(p)) {
                return p;
            }
        }
        return -1;
    }
}
