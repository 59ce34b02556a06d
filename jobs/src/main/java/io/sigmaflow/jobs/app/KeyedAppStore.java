package io.sigmaflow.jobs.app;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.PodMigration;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * {@link AppStore} over the app lifecycle operator's keyed state (RocksDB): every call reads or
 * writes the current key's state. The state names are what a checkpoint restores by.
 */
final class KeyedAppStore implements AppStore {
    /** Present for an app with pending pods: capacity changes find those apps by this state's keys. */
    static final String PENDING_STATE = "pending";

    private final ValueState<AppState> app;
    private final MapState<String, AppPod> pods;
    private final MapState<String, AppPod> slots;
    private final MapState<String, Boolean> requests;
    private final MapState<String, PodMigration> migrations;
    private final ValueState<Boolean> pending;

    KeyedAppStore(KeyedStateStore states) {
        app = states.getState(new ValueStateDescriptor<>("app", FlinkKafka.typeInfo(AppState.class)));
        pods = states.getMapState(new MapStateDescriptor<>("pods", Types.STRING, FlinkKafka.typeInfo(AppPod.class)));
        slots = states.getMapState(new MapStateDescriptor<>("slots", Types.STRING, FlinkKafka.typeInfo(AppPod.class)));
        requests = states.getMapState(new MapStateDescriptor<>("requests", Types.STRING, Types.BOOLEAN));
        migrations = states.getMapState(
                new MapStateDescriptor<>("migrations", Types.STRING, FlinkKafka.typeInfo(PodMigration.class)));
        pending = states.getState(new ValueStateDescriptor<>(PENDING_STATE, Types.BOOLEAN));
    }

    @Override
    public AppState state() {
        return read(() -> app.value());
    }

    @Override
    public void putState(AppState state) {
        write(() -> app.update(state));
    }

    @Override
    public boolean seen(String requestId) {
        return read(() -> requests.contains(requestId));
    }

    @Override
    public void markSeen(String requestId) {
        write(() -> requests.put(requestId, Boolean.TRUE));
    }

    @Override
    public AppPod pod(String podId) {
        return read(() -> pods.get(podId));
    }

    @Override
    public void putPod(AppPod pod) {
        write(() -> pods.put(pod.getPodId(), pod));
    }

    @Override
    public void removePod(String podId) {
        write(() -> pods.remove(podId));
    }

    @Override
    public Iterable<AppPod> pods() {
        return read(() -> pods.values());
    }

    @Override
    public AppPod slot(String slotId) {
        return read(() -> slots.get(slotId));
    }

    @Override
    public void putSlot(AppPod slot) {
        write(() -> slots.put(slot.getPodId(), slot));
    }

    @Override
    public void removeSlot(String slotId) {
        write(() -> slots.remove(slotId));
    }

    @Override
    public Iterable<AppPod> slots() {
        return read(() -> slots.values());
    }

    @Override
    public PodMigration migration(String podId) {
        return read(() -> migrations.get(podId));
    }

    @Override
    public void putMigration(PodMigration migration) {
        write(() -> migrations.put(migration.getPodId(), migration));
    }

    @Override
    public void removeMigration(String podId) {
        write(() -> migrations.remove(podId));
    }

    @Override
    public Iterable<PodMigration> migrations() {
        return read(() -> migrations.values());
    }

    @Override
    public void pending(boolean any) {
        write(() -> {
            if (any) {
                pending.update(Boolean.TRUE);
            } else {
                pending.clear();
            }
        });
    }

    @FunctionalInterface
    private interface StateRead<T> {
        T get() throws Exception;
    }

    @FunctionalInterface
    private interface StateWrite {
        void run() throws Exception;
    }

    private static <T> T read(StateRead<T> read) {
        try {
            return read.get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read app state", e);
        }
    }

    private static void write(StateWrite write) {
        try {
            write.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write app state", e);
        }
    }
}
