package io.sigmaflow.roadef;

import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.SplittableRandom;

/**
 * One seed's case of the property tests: a {@link RandomInstances random instance}, a state with
 * every process on its initial machine, the state's move deltas and a random stream for the
 * moves to try. What each of those tests started with before (the same draws in the same order).
 */
public final class RandomCase {
    private final RandomInstances.Drawn drawn;
    private final RoadefState state;
    private final MoveDelta delta;
    private final SplittableRandom random;

    private RandomCase(RandomInstances.Drawn drawn, SplittableRandom random) {
        this.drawn = drawn;
        this.state = drawn.state();
        this.delta = new MoveDelta(state);
        this.random = random;
    }

    /** The instance drawn from {@code seed}, with a random stream seeded by it too. */
    public static RandomCase of(long seed) {
        return of(seed, seed);
    }

    /** The instance drawn from {@code seed}, with a random stream of its own ({@code randomSeed}). */
    public static RandomCase of(long seed, long randomSeed) {
        return new RandomCase(RandomInstances.draw(seed), new SplittableRandom(randomSeed));
    }

    public Instance instance() {
        return drawn.instance();
    }

    public int[] initial() {
        return drawn.initial();
    }

    /** The state the case's {@link #delta()} prices moves on. */
    public RoadefState state() {
        return state;
    }

    public MoveDelta delta() {
        return delta;
    }

    public SplittableRandom random() {
        return random;
    }

    public String name() {
        return drawn.instance().name();
    }

    /** Another state on the initial assignment, apart from {@link #state()}. */
    public RoadefState freshState() {
        return drawn.state();
    }

    /** The independent checker's verdict and cost for {@code assignment} (moves counted from the initial one). */
    public CostReport check(int[] assignment) {
        return CostChecker.check(instance(), initial(), assignment);
    }

    /**
     * {@code tries} random shifts, each applied where {@link #delta()} finds it feasible, to the
     * state and to {@code followers} (states kept equal to it): processes away from home, some
     * holding transient shares there.
     */
    public void shiftAtRandom(int tries, RoadefState... followers) {
        for (int k = 0; k < tries; k++) {
            int p = random.nextInt(state.processCount());
            int m = random.nextInt(state.machineCount());
            if (delta.shift(p, m, Long.MAX_VALUE - 1) != MoveDelta.REJECTED) {
                state.move(p, m);
                for (RoadefState follower : followers) {
                    follower.move(p, m);
                }
            }
        }
    }
}
