package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.PodMigration;

/**
 * The state of the app being processed (the current key): keyed RocksDB state in the job, maps in
 * tests. Everything is persisted before the commands it leads to are sent.
 */
public interface AppStore {
    /** Null for an app never seen. */
    AppState state();

    void putState(AppState state);

    boolean seen(String requestId);

    void markSeen(String requestId);

    AppPod pod(String podId);

    void putPod(AppPod pod);

    void removePod(String podId);

    /** Every pod of the app (any order: callers sort what they decide on). */
    Iterable<AppPod> pods();

    /** A reservation slot of the app ({@code reservation/<app>/<n>}), or null. */
    AppPod slot(String slotId);

    void putSlot(AppPod slot);

    void removeSlot(String slotId);

    /** The app's reservation slots (any order). */
    Iterable<AppPod> slots();

    /** Marks whether the app has pending pods, so a capacity change finds it without a scan of every app. */
    void pending(boolean any);

    /** The migration of {@code podId} in flight, or null. */
    PodMigration migration(String podId);

    void putMigration(PodMigration migration);

    void removeMigration(String podId);

    /** The app's migrations in flight (any order). */
    Iterable<PodMigration> migrations();
}
