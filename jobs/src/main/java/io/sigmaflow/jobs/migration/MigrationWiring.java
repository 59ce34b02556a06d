package io.sigmaflow.jobs.migration;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.job.RoutingInput;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The migration path of the placement job:
 * <pre>
 * migrations ─► Decode ─key "plans"─► Migration waves ─keyBy app─► App lifecycle (input 2)
 * feedback (migrations settled) ─key "plans"─┘  (uid migration-waves)   └─► settled ─► feedback (the loop)
 * </pre>
 */
public final class MigrationWiring {
    private MigrationWiring() {}

    /** The waves operator over the decoded migrations and the loop's "settled" records, plans held against the job's clock. */
    public static SingleOutputStreamOperator<RoutingInput> waves(DataStream<Migration> migrations,
                                                                 DataStream<PlacementFeedback> feedback, String topic,
                                                                 PlanClock clock) {
        DataStream<PlacementFeedback> settled = feedback.filter(new Settled()).name("Migrations settled")
                .uid("feedback-migrations-settled");
        return migrations.keyBy(new PlanKey<>(), Types.STRING)
                .connect(settled.keyBy(new PlanKey<>(), Types.STRING))
                .process(new PlanWavesFunction(topic, clock), FlinkKafka.typeInfo(RoutingInput.class))
                .name("Migration waves")
                .uid("migration-waves");
    }

    /** Migrations started, keyed by app for the app side. */
    public static DataStream<RoutingInput> toApps(DataStream<RoutingInput> started) {
        return started.keyBy(new AppKey(), Types.STRING);
    }

    /** The loop's records that report a settled migration. */
    public static final class Settled implements FilterFunction<PlacementFeedback> {
        @Override
        public boolean filter(PlacementFeedback f) {
            return f.getMigration() != null;
        }
    }

    static final class PlanKey<T> implements KeySelector<T, String> {
        @Override
        public String getKey(T value) {
            return PlanWavesFunction.KEY;
        }
    }

    static final class AppKey implements KeySelector<RoutingInput, String> {
        @Override
        public String getKey(RoutingInput r) {
            return r.getMigration().getAppId();
        }
    }
}
