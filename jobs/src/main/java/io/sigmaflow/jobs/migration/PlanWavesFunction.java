package io.sigmaflow.jobs.migration;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.jobs.deadletters.InvalidRecords;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.job.MigrationWaves;
import io.sigmaflow.schema.job.RoutingInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * {@link PlanWaves} in the job: one key ({@link #KEY}) holds the plans' state in RocksDB. Input 1:
 * records of {@code sigma.migrations}; input 2: migrations settled, from the job's loop. Output: the
 * migrations started, for the app side (keyed by app downstream); side outputs: outcomes of the
 * migrations refused here, dead letters.
 */
public final class PlanWavesFunction extends KeyedCoProcessFunction<String, Migration, PlacementFeedback, RoutingInput> {
    /** Plans are global: one key, so one subtask, sees them all (a few records per plan). */
    public static final String KEY = "plans";
    public static final OutputTag<RequestOutcome> OUTCOMES =
            new OutputTag<>("migration-outcomes", FlinkKafka.typeInfo(RequestOutcome.class));

    private final String migrationsTopic;
    private final PlanClock planClock;
    private transient ValueState<MigrationWaves> state;
    private transient Counter started;
    private transient Counter refused;

    public PlanWavesFunction(String migrationsTopic, PlanClock planClock) {
        this.migrationsTopic = migrationsTopic;
        this.planClock = planClock;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("migration-waves", FlinkKafka.typeInfo(MigrationWaves.class)));
        started = getRuntimeContext().getMetricGroup().counter("migrationsStarted");
        refused = getRuntimeContext().getMetricGroup().counter("migrationsRefused");
    }

    @Override
    public void processElement1(Migration m, Context ctx, Collector<RoutingInput> out) throws Exception {
        MigrationWaves st = current();
        PlanWaves.onMigration(st, m, planClock, now(ctx), effects(ctx, out));
        state.update(st);
    }

    @Override
    public void processElement2(PlacementFeedback f, Context ctx, Collector<RoutingInput> out) throws Exception {
        MigrationWaves st = current();
        PlanWaves.onSettled(st, f.getMigration(), planClock, now(ctx), effects(ctx, out));
        state.update(st);
    }

    /** The job's clock (see {@link PlanClock}): the wall clock, or in a replay the record's timestamp. */
    private long now(Context ctx) {
        if (planClock.recordTime() && ctx.timestamp() != null) {
            return ctx.timestamp();
        }
        return ctx.timerService().currentProcessingTime();
    }

    private MigrationWaves current() throws Exception {
        MigrationWaves st = state.value();
        return st != null ? st : PlanWaves.empty();
    }

    private PlanWaves.Effects effects(Context ctx, Collector<RoutingInput> out) {
        return new PlanWaves.Effects() {
            @Override
            public void start(Migration m, long clock) {
                started.inc();
                out.collect(RoutingInput.newBuilder().setMigration(m).setClock(clock).build());
            }

            @Override
            public void refuse(Migration m, String reason) {
                refused.inc();
                ctx.output(OUTCOMES, outcome(m, reason));
            }

            @Override
            public void deadLetter(Migration m, String reason) {
                ctx.output(DeadLetters.TAG, InvalidRecords.of(Migration.class, m, migrationsTopic, m.getAppId(),
                        reason + " (migration " + m.getPlanId() + "/" + m.getPodId() + ")", "migration waves"));
            }
        };
    }

    /** A migration refused before it reached its app. */
    public static RequestOutcome outcome(Migration m, String reason) {
        return RequestOutcome.newBuilder()
                .setRequestId("migration/" + m.getPlanId() + "/" + m.getPodId())
                .setAppId(m.getAppId() == null ? "" : m.getAppId())
                .setStatus(OutcomeStatus.REJECTED)
                .setMessage(reason)
                .setEmittedAtMs(System.currentTimeMillis())
                .build();
    }
}
