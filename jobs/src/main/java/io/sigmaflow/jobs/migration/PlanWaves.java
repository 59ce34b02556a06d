package io.sigmaflow.jobs.migration;

import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.MigrationSettled;
import io.sigmaflow.schema.job.MigrationWaves;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rebalancing plans, wave by wave (pure logic over one {@link MigrationWaves} state). A plan is
 * collected until its {@code planSize} records have arrived (one Kafka transaction, but keyed by
 * app, so spread over partitions); then its smallest step starts, and the next one only when every
 * migration started has settled (moved or refused: the app side reports it through the loop). Only
 * the newest plan (largest {@code createdAtMs}, then plan id) applies: a newer one drops the older
 * one's steps not started yet, and records of an older plan are refused on arrival; migrations
 * already in flight finish first, and the newer plan starts after them. Every record gets exactly
 * one answer: started (the app side answers it), or refused here with the reason.
 *
 * <p>Plans are held against the job's clock ({@link PlanClock}): a record whose plan was created
 * further ahead than the allowed skew, or has expired, is refused (and dead-lettered) without
 * touching the state, so it can never become "the newest plan" and block later ones; a record of
 * the plan being collected counts toward it even then (else the plan would never be complete). A
 * plan that expires while its waves run has its remaining steps refused when the next one would
 * start.
 */
public final class PlanWaves {
    /** What the waves do. */
    public interface Effects {
        /** Hand the migration to its app (the app side answers it); its commands move past {@code clock}. */
        void start(Migration m, long clock);

        /** Refused here: an outcome with the reason. */
        void refuse(Migration m, String reason);

        /** A record that is not a valid migration: a dead letter with the reason (also refused when attributable). */
        void deadLetter(Migration m, String reason);
    }

    private static final Comparator<Migration> WAVE_ORDER =
            Comparator.comparing(Migration::getAppId).thenComparing(Migration::getPodId);

    private PlanWaves() {}

    public static MigrationWaves empty() {
        return MigrationWaves.newBuilder().setWaiting(new ArrayList<>()).setInFlight(new ArrayList<>()).build();
    }

    /** A migration record read when the job's clock was {@code nowMs}. */
    public static void onMigration(MigrationWaves st, Migration m, PlanClock clock, long nowMs, Effects fx) {
        String problem = MigrationRules.check(m);
        if (!MigrationRules.countsTowardPlan(m)) {
            fx.deadLetter(m, problem);
            return;
        }
        String late = clock.problem(m.getCreatedAtMs(), nowMs);
        boolean current = st.getPlanId() != null && compare(m, st) == 0;
        if (late != null && !current) {
            fx.deadLetter(m, late);
            fx.refuse(m, late);
            return;
        }
        if (problem == null) {
            problem = late;
        }
        int age = st.getPlanId() == null ? 1 : compare(m, st);
        if (age < 0) {
            fx.refuse(m, "superseded by plan " + st.getPlanId());
            return;
        }
        if (age > 0) {
            for (Migration dropped : st.getWaiting()) {
                fx.refuse(dropped, "superseded by plan " + m.getPlanId() + " before step " + dropped.getStep()
                        + " started");
            }
            st.setPlanId(m.getPlanId());
            st.setCreatedAtMs(m.getCreatedAtMs());
            st.setPlanSize(m.getPlanSize());
            st.setReceived(0);
            st.setStep(-1);
            st.setWaiting(new ArrayList<>());
        }
        st.setReceived(st.getReceived() + 1);
        if (problem != null) {
            fx.deadLetter(m, problem);
            fx.refuse(m, problem);
        } else if (m.getPlanSize() != st.getPlanSize()) {
            String why = "planSize: " + m.getPlanSize() + " differs from the plan's " + st.getPlanSize();
            fx.deadLetter(m, why);
            fx.refuse(m, why);
        } else if (m.getStep() <= st.getStep()) {
            fx.refuse(m, "stale: step " + m.getStep() + " of plan " + m.getPlanId() + " arrived after step "
                    + st.getStep() + " started");
        } else {
            List<Migration> waiting = new ArrayList<>(st.getWaiting()); // copies: state may hand out fixed lists
            waiting.add(m);
            st.setWaiting(waiting);
        }
        advance(st, clock, nowMs, fx);
    }

    public static void onSettled(MigrationWaves st, MigrationSettled settled, PlanClock clock, long nowMs, Effects fx) {
        List<Migration> inFlight = new ArrayList<>(st.getInFlight());
        inFlight.removeIf(m -> m.getPlanId().equals(settled.getPlanId()) && m.getPodId().equals(settled.getPodId())
                && m.getStep() == settled.getStep());
        st.setInFlight(inFlight);
        st.setClock(Math.max(st.getClock(), settled.getClock()));
        advance(st, clock, nowMs, fx);
    }

    /** Starts the next wave while the plan is complete and nothing is in flight (none once it expired). */
    private static void advance(MigrationWaves st, PlanClock clock, long nowMs, Effects fx) {
        if (st.getPlanId() != null && !st.getWaiting().isEmpty() && st.getInFlight().isEmpty()
                && st.getReceived() >= st.getPlanSize() && clock.expired(st.getCreatedAtMs(), nowMs)) {
            String why = clock.problem(st.getCreatedAtMs(), nowMs);
            for (Migration m : st.getWaiting()) {
                fx.refuse(m, why + " (before step " + m.getStep() + " started)");
            }
            st.setWaiting(new ArrayList<>());
            return;
        }
        while (st.getInFlight().isEmpty() && !st.getWaiting().isEmpty() && st.getReceived() >= st.getPlanSize()) {
            int step = Integer.MAX_VALUE;
            for (Migration m : st.getWaiting()) {
                step = Math.min(step, m.getStep());
            }
            List<Migration> wave = new ArrayList<>();
            List<Migration> later = new ArrayList<>();
            for (Migration m : st.getWaiting()) {
                (m.getStep() == step ? wave : later).add(m);
            }
            wave.sort(WAVE_ORDER);
            st.setWaiting(later);
            st.setStep(step);
            Set<String> pods = new HashSet<>();
            List<Migration> started = new ArrayList<>();
            for (Migration m : wave) {
                if (pods.add(m.getPodId())) {
                    started.add(m);
                } else {
                    fx.refuse(m, "pod " + m.getPodId() + " moves twice in step " + step + " of plan " + m.getPlanId());
                }
            }
            st.setInFlight(started); // persisted by the caller before the starts leave the operator
            started.forEach(m -> fx.start(m, st.getClock()));
        }
    }

    /** Which plan is newer: larger creation time, then larger plan id. */
    private static int compare(Migration m, MigrationWaves st) {
        int byTime = Long.compare(m.getCreatedAtMs(), st.getCreatedAtMs());
        return byTime != 0 ? byTime : m.getPlanId().compareTo(st.getPlanId());
    }
}
