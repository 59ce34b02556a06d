package io.sigmaflow.jobs.migration;

import io.sigmaflow.connectors.flink.RecordValidator;
import io.sigmaflow.schema.Migration;

/**
 * What a {@code Migration} record must be before the job looks at its plan: every id present, the
 * step inside the plan, source and target different. Checked against the job's state later (by the
 * app side and the target's partition); this is only the record's own shape.
 */
public final class MigrationRules implements RecordValidator<Migration> {
    @Override
    public String problem(Migration m) {
        return check(m);
    }

    public static String check(Migration m) {
        if (blank(m.getPlanId())) {
            return "planId: must not be blank";
        }
        if (m.getPlanSize() < 1) {
            return "planSize: must be >= 1, got " + m.getPlanSize();
        }
        if (m.getStep() < 0 || m.getStep() >= m.getPlanSize()) {
            return "step: must be in [0, planSize " + m.getPlanSize() + "), got " + m.getStep();
        }
        if (blank(m.getAppId())) {
            return "appId: must not be blank";
        }
        if (blank(m.getPodId())) {
            return "podId: must not be blank";
        }
        if (blank(m.getFromNodeId())) {
            return "fromNodeId: must not be blank";
        }
        if (blank(m.getToNodeId())) {
            return "toNodeId: must not be blank";
        }
        if (m.getFromNodeId().equals(m.getToNodeId())) {
            return "toNodeId: must differ from fromNodeId (" + m.getFromNodeId() + ")";
        }
        return null;
    }

    /** A record that names its plan and the plan's size counts toward it, even when it is refused. */
    public static boolean countsTowardPlan(Migration m) {
        return !blank(m.getPlanId()) && m.getPlanSize() >= 1;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
