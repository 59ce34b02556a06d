package io.sigmaflow.placement.model;

import io.sigmaflow.schema.QosClass;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One pod as the placer sees it: identity, requests (cpu, memory, disk, and GPUs: whole ones or a
 * share of one, see {@link GpuRequest}), priority and the constraints of its app's
 * template. A pod restored from a node snapshot ({@code PodAllocation}) has no selector, tolerations
 * or dispersion: once bound, only its app, requests, priority and QoS matter.
 *
 * <p>A <em>reservation slot</em> is a placeholder pod (id {@link #RESERVATION_PREFIX}{@code app/n})
 * that holds capacity for an app ahead of its release; it counts as a pod of the app for dispersion
 * and is never a preemption or scale-down victim.
 */
public record Pod(String id, String appId, long generation, ResourceVector requests, int priority,
                  QosClass qos, Dispersion dispersion, Map<String, String> nodeSelector,
                  List<Toleration> tolerations, GpuRequest gpu) {

    public static final String RESERVATION_PREFIX = "reservation/";

    public Pod {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("pod id must not be blank");
        }
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("pod " + id + ": appId must not be blank");
        }
        Objects.requireNonNull(requests, "requests");
        qos = qos == null ? QosClass.LS : qos;
        dispersion = dispersion == null ? Dispersion.CLUSTER_DEFAULT : dispersion;
        // Sorted so that every iteration over it (and equals/hashCode) is deterministic.
        nodeSelector = nodeSelector == null || nodeSelector.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(nodeSelector));
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        gpu = gpu == null ? GpuRequest.NONE : gpu;
    }

    /** A pod without GPUs. */
    public Pod(String id, String appId, long generation, ResourceVector requests, int priority, QosClass qos,
               Dispersion dispersion, Map<String, String> nodeSelector, List<Toleration> tolerations) {
        this(id, appId, generation, requests, priority, qos, dispersion, nodeSelector, tolerations, GpuRequest.NONE);
    }

    /** The id of reservation slot {@code n} of {@code appId}. */
    public static String reservationSlotId(String appId, int n) {
        return RESERVATION_PREFIX + appId + "/" + n;
    }

    public boolean isReservation() {
        return id.startsWith(RESERVATION_PREFIX);
    }

    /** This pod's template under another identity (a reservation slot, an upgraded replica). */
    public Pod withId(String newId) {
        return new Pod(newId, appId, generation, requests, priority, qos, dispersion, nodeSelector, tolerations, gpu);
    }

    public Pod withGpu(GpuRequest newGpu) {
        return new Pod(id, appId, generation, requests, priority, qos, dispersion, nodeSelector, tolerations, newGpu);
    }
}
