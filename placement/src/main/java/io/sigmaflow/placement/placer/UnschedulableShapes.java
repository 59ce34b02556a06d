package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.ResourceVector;
import io.sigmaflow.placement.model.Toleration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod shapes known to fit nowhere since the last capacity change. Between two changes of
 * {@code ClusterIndex.capacityEpoch()} only binds happen, and a bind never gives a node room or
 * makes it pass a filter it failed, nor creates a preemption that was impossible (the new pod is just
 * one more to evict to get back to where the node was): a pod shaped like one that found no node
 * finds none either. Without this, every pending pod of a full cluster would pay an O(nodes)
 * diagnosis, and O(nodes x pods) when preemption is on. The rejection counts reported are those of
 * the first pod of the shape in the epoch.
 */
final class UnschedulableShapes {
    /** What decides feasibility: requests (GPUs too), constraints, and for preemption the priority. */
    private record Shape(ResourceVector requests, GpuRequest gpu, Map<String, String> nodeSelector,
                         List<Toleration> tolerations, int priority) {
        static Shape of(Pod pod) {
            return new Shape(pod.requests(), pod.gpu(), pod.nodeSelector(), pod.tolerations(), pod.priority());
        }
    }

    /** A shape that found no node; {@code noPreemption}: preemption was tried and found no victims either. */
    record Known(Diagnosis.Result why, boolean noPreemption) {}

    /** Lookup only, never iterated. */
    private final Map<Shape, Known> known = new HashMap<>();
    private long epoch = -1;

    /** What is known about pods shaped like {@code pod} at {@code currentEpoch}; null when nothing. */
    Known lookup(Pod pod, long currentEpoch) {
        if (known.isEmpty()) {
            return null;
        }
        if (currentEpoch != epoch) {
            known.clear();
            return null;
        }
        return known.get(Shape.of(pod));
    }

    void remember(Pod pod, long currentEpoch, Known what) {
        if (currentEpoch != epoch) {
            known.clear();
            epoch = currentEpoch;
        }
        known.put(Shape.of(pod), what);
    }
}
