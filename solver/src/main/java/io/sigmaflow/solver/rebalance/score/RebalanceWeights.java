package io.sigmaflow.solver.rebalance.score;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.HardSoftScore;
import java.util.Map;

/**
 * Weights of the soft constraints, per unit of each one's raw amount.
 *
 * <p>Dispersion is counted in co-location units ({@code App.colocation}): taking one pod of an
 * app away from all its app-mates at one level gains 1,000 units there, whatever the app's size.
 * Defaults 40 / 20 / 10 per unit for core switch / chassis / host: a pod sharing a host also
 * shares its chassis and switch, so moving it to another switch gains up to 70,000, to another
 * chassis 30,000, to another host 10,000: wider spreading is preferred, as the placer's
 * widest-first rule does. A migration costs 500: a move must take at least 5 % of its app-mates
 * off its host (or 1.25 % off its switch), or lower the node load squares by 500 (a big pod from a
 * full node to an empty one), to pay. Measured in solver/README.md.
 *
 * @param coreSwitch per co-location unit under one core switch
 * @param chassis    per unit in one chassis
 * @param host       per unit on one host
 * @param balance    per unit of {@code ClusterNode.loadSquares}
 * @param migration  per moved pod
 */
public record RebalanceWeights(long coreSwitch, long chassis, long host, long balance, long migration) {
    public static final RebalanceWeights DEFAULT = new RebalanceWeights(40, 20, 10, 1, 500);

    public RebalanceWeights {
        if (coreSwitch < 0 || chassis < 0 || host < 0 || balance < 0 || migration < 0) {
            throw new IllegalArgumentException("weights must not be negative: " + this);
        }
    }

    /** The solution's constraint weights: hard rules at one hard point per unit, soft ones as configured. */
    public ConstraintWeightOverrides<HardSoftScore> overrides() {
        return ConstraintWeightOverrides.of(Map.of(
                RebalanceConstraints.CORE_SWITCH_DISPERSION, HardSoftScore.ofSoft(coreSwitch),
                RebalanceConstraints.CHASSIS_DISPERSION, HardSoftScore.ofSoft(chassis),
                RebalanceConstraints.HOST_DISPERSION, HardSoftScore.ofSoft(host),
                RebalanceConstraints.NODE_BALANCE, HardSoftScore.ofSoft(balance),
                RebalanceConstraints.MIGRATION_COST, HardSoftScore.ofSoft(migration)));
    }
}
