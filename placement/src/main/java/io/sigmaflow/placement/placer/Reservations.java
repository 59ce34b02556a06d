package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reservation slots held per app: placeholder pods bound like any other (so they hold capacity
 * and count for dispersion) whose ids say they are slots. Rebuilt from the bound pods on restore.
 */
final class Reservations {
    private final TreeMap<String, TreeSet<String>> slotsByApp = new TreeMap<>();
    /** Lookup only. */
    private final HashMap<String, Integer> nextIndex = new HashMap<>();

    void track(Pod slot) {
        slotsByApp.computeIfAbsent(slot.appId(), a -> new TreeSet<>()).add(slot.id());
        int n = slotNumber(slot);
        nextIndex.merge(slot.appId(), n + 1, Math::max);
    }

    void untrack(Pod slot) {
        TreeSet<String> slots = slotsByApp.get(slot.appId());
        if (slots != null && slots.remove(slot.id()) && slots.isEmpty()) {
            slotsByApp.remove(slot.appId());
        }
    }

    /** Slot ids of {@code appId}, in id order. */
    List<String> slotsOf(String appId) {
        TreeSet<String> slots = slotsByApp.get(appId);
        return slots == null ? List.of() : List.copyOf(slots);
    }

    boolean has(String appId) {
        return slotsByApp.containsKey(appId);
    }

    /** The next unused slot id of {@code appId}. */
    String nextSlotId(String appId) {
        int n = nextIndex.getOrDefault(appId, 0);
        nextIndex.put(appId, n + 1);
        return Pod.reservationSlotId(appId, n);
    }

    private static int slotNumber(Pod slot) {
        String id = slot.id();
        try {
            return Integer.parseInt(id.substring(id.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
