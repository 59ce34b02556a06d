package io.sigmaflow.executor.testing;

import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps everything reported, for assertions. */
public final class RecordingSink implements StatusSink {
    public final List<PodStatus> statuses = new CopyOnWriteArrayList<>();
    public final List<NodeInventory> inventories = new CopyOnWriteArrayList<>();
    public final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    public final List<DeadLetter> letters = new CopyOnWriteArrayList<>();

    @Override
    public void podStatus(PodStatus status) {
        statuses.add(status);
    }

    @Override
    public void inventory(NodeInventory inventory) {
        inventories.add(inventory);
    }

    @Override
    public void nodeEvent(NodeEvent event) {
        events.add(event);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        letters.add(letter);
    }

    @Override
    public void flush() {}

    public List<PodStatus> of(String podId) {
        return statuses.stream().filter(s -> s.getPodId().equals(podId)).toList();
    }

    public PodStatus last(String podId) {
        List<PodStatus> l = of(podId);
        if (l.isEmpty()) {
            throw new AssertionError("no status for " + podId + " in " + statuses);
        }
        return l.get(l.size() - 1);
    }

    public long count(PodState state) {
        return statuses.stream().filter(s -> s.getState() == state).count();
    }
}
