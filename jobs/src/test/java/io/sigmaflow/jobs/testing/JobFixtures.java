package io.sigmaflow.jobs.testing;

import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.app.AppLifecycle;
import io.sigmaflow.jobs.app.AppLifecycleOperator;
import io.sigmaflow.jobs.app.AppMetrics;
import io.sigmaflow.jobs.app.MaxNodeSize;
import io.sigmaflow.jobs.migration.PlanClock;
import io.sigmaflow.jobs.migration.PlanWavesFunction;
import io.sigmaflow.jobs.partition.HostSettings;
import io.sigmaflow.jobs.partition.NodePartitionOperator;
import io.sigmaflow.jobs.protocol.PartitionProtocol;
import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PartitionSpec;

/**
 * The job's operators and settings with the defaults tests take for granted, so that main code
 * has one constructor each (the one the job uses) and every default a test relies on is here.
 */
public final class JobFixtures {
    private JobFixtures() {}

    /** Topic names as a job with no prefix has them. */
    public static final Topics TOPICS = Topics.defaults();

    /** Host feedback at its defaults (the silence window: half the silence timeout). */
    public static HostSettings hostSettings() {
        return new HostSettings(TOPICS.podStatus().name(), TOPICS.inventory().name(),
                HostSettings.DEFAULT_SILENCE_TIMEOUT_MS, HostSettings.DEFAULT_INVENTORY_GRACE_MS,
                PartitionProtocol.DEFAULT_MAX_HOST_FAILURES, HostSettings.DEFAULT_MAX_FUTURE_SKEW_MS,
                HostSettings.DEFAULT_REPORT_GRACE_MS, HostSettings.DEFAULT_MASS_SILENCE_SHARE,
                HostSettings.DEFAULT_SILENCE_TIMEOUT_MS / 2);
    }

    /** The app side's pure logic with the default host failure limit and node size. */
    public static AppLifecycle appLifecycle(PartitionRouter router, PartitionScheme scheme) {
        return new AppLifecycle(router, scheme, AppMetrics.NONE, PartitionProtocol.DEFAULT_MAX_HOST_FAILURES,
                MaxNodeSize.DEFAULT);
    }

    /** The app side's operator with the default host failure limit and node size. */
    public static AppLifecycleOperator appLifecycleOperator(PartitionSpec spec, boolean eventTimeOrder,
                                                            String requestsTopic) {
        return new AppLifecycleOperator(spec, eventTimeOrder, requestsTopic, PartitionProtocol.DEFAULT_MAX_HOST_FAILURES,
                MaxNodeSize.DEFAULT);
    }

    /** The node partitions' operator with the default inventory grace. */
    public static NodePartitionOperator nodePartitionOperator(PartitionSpec spec, boolean eventTimeOrder,
                                                              String nodeEventsTopic) {
        return new NodePartitionOperator(spec, eventTimeOrder, nodeEventsTopic, HostSettings.DEFAULT_INVENTORY_GRACE_MS);
    }

    /** The migration waves without time rules. */
    public static PlanWavesFunction planWaves(String migrationsTopic) {
        return new PlanWavesFunction(migrationsTopic, PlanClock.UNCHECKED);
    }
}
