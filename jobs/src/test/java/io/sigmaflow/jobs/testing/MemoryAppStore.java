package io.sigmaflow.jobs.testing;

import io.sigmaflow.jobs.app.AppStore;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.PodMigration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** An app's state in maps. Values are deep-copied in and out, as a serializing state backend would. */
public final class MemoryAppStore implements AppStore {
    private AppState state;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, AppPod> pods = new LinkedHashMap<>();
    private final Map<String, PodMigration> migrations = new LinkedHashMap<>();
    private final Map<String, AppPod> slots = new LinkedHashMap<>();
    private boolean pending;

    @Override
    public AppState state() {
        return state == null ? null : AppState.newBuilder(state).build();
    }

    @Override
    public void putState(AppState s) {
        state = AppState.newBuilder(s).build();
    }

    @Override
    public boolean seen(String requestId) {
        return seen.contains(requestId);
    }

    @Override
    public void markSeen(String requestId) {
        seen.add(requestId);
    }

    @Override
    public AppPod pod(String podId) {
        AppPod p = pods.get(podId);
        return p == null ? null : AppPod.newBuilder(p).build();
    }

    @Override
    public void putPod(AppPod pod) {
        pods.put(pod.getPodId(), AppPod.newBuilder(pod).build());
    }

    @Override
    public void removePod(String podId) {
        pods.remove(podId);
    }

    @Override
    public AppPod slot(String slotId) {
        AppPod p = slots.get(slotId);
        return p == null ? null : AppPod.newBuilder(p).build();
    }

    @Override
    public void putSlot(AppPod slot) {
        slots.put(slot.getPodId(), AppPod.newBuilder(slot).build());
    }

    @Override
    public void removeSlot(String slotId) {
        slots.remove(slotId);
    }

    @Override
    public Iterable<AppPod> slots() {
        return slots.values().stream().map(p -> AppPod.newBuilder(p).build()).toList();
    }

    /** The app's reservation slots by id (the stored copies). */
    public Map<String, AppPod> slotsById() {
        return slots;
    }

    @Override
    public Iterable<AppPod> pods() {
        return pods.values().stream().map(p -> AppPod.newBuilder(p).build()).toList();
    }

    @Override
    public void pending(boolean any) {
        pending = any;
    }

    @Override
    public PodMigration migration(String podId) {
        PodMigration m = migrations.get(podId);
        return m == null ? null : PodMigration.newBuilder(m).build();
    }

    @Override
    public void putMigration(PodMigration migration) {
        migrations.put(migration.getPodId(), PodMigration.newBuilder(migration).build());
    }

    @Override
    public void removeMigration(String podId) {
        migrations.remove(podId);
    }

    @Override
    public Iterable<PodMigration> migrations() {
        return migrations.values().stream().map(m -> PodMigration.newBuilder(m).build()).toList();
    }

    public boolean hasPending() {
        return pending;
    }

    public Map<String, AppPod> podsById() {
        return pods;
    }
}
