package io.sigmaflow.solver.rebalance.plan;

import java.util.function.ToIntFunction;

/**
 * What a plan must respect, as the checker sees it.
 *
 * @param maxMoves        migration records in one plan
 * @param maxMovesPerApp  migration records of one app in one plan
 * @param maxWaves        waves (distinct steps) in one plan
 * @param maxUnavailable  migrations of an app (by id) allowed in one wave
 */
public record PlanLimits(int maxMoves, int maxMovesPerApp, int maxWaves, ToIntFunction<String> maxUnavailable) {}
