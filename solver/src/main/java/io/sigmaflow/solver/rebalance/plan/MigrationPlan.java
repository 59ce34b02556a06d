package io.sigmaflow.solver.rebalance.plan;

import io.sigmaflow.schema.Migration;
import java.util.ArrayList;
import java.util.List;

/**
 * An ordered, make-before-break plan in waves. Wave {@code w} starts once every migration of wave
 * {@code w - 1} is done (new copy running, old one stopped); the migrations of one wave may run in
 * any order or at once. On the wire each migration is one {@code Migration} record whose
 * {@code step} is its wave and whose {@code planSize} is the number of records of the plan.
 *
 * @param waves   the migrations, wave by wave (no wave is empty)
 * @param dropped moves of the solution left out, with the reason
 */
public record MigrationPlan(List<List<PlannedMove>> waves, List<DroppedMove> dropped) {
    public static final MigrationPlan EMPTY = new MigrationPlan(List.of(), List.of());

    public MigrationPlan {
        waves = waves.stream().map(List::copyOf).toList();
        dropped = List.copyOf(dropped);
    }

    public int migrations() {
        int n = 0;
        for (List<PlannedMove> wave : waves) {
            n += wave.size();
        }
        return n;
    }

    /** The plan's records, in wave order. */
    public List<Migration> toRecords(String planId, long createdAtMs) {
        int size = migrations();
        List<Migration> records = new ArrayList<>(size);
        for (int w = 0; w < waves.size(); w++) {
            for (PlannedMove m : waves.get(w)) {
                records.add(Migration.newBuilder()
                        .setPlanId(planId)
                        .setStep(w)
                        .setPlanSize(size)
                        .setPodId(m.podId())
                        .setAppId(m.appId())
                        .setFromNodeId(m.fromNodeId())
                        .setToNodeId(m.toNodeId())
                        .setReason(m.reason())
                        .setCreatedAtMs(createdAtMs)
                        .build());
            }
        }
        return records;
    }
}
