package io.sigmaflow.placement.model;

import io.sigmaflow.schema.TopologyLevel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which topology levels a pod's app spreads over, with a relative weight per level (used by the
 * dispersion score; the widest-first preference itself is lexicographic and ignores weights).
 * Mirrors the wire field: null = the cluster's default levels, empty = no spreading.
 */
public record Dispersion(boolean clusterDefault, Map<TopologyLevel, Integer> weights) {
    public static final Dispersion CLUSTER_DEFAULT = new Dispersion(true, Map.of());
    public static final Dispersion NONE = new Dispersion(false, Map.of());

    public Dispersion {
        EnumMap<TopologyLevel, Integer> copy = new EnumMap<>(TopologyLevel.class);
        weights.forEach((level, weight) -> {
            if (weight == null || weight < 1) {
                throw new IllegalArgumentException("dispersion weight of " + level + " must be >= 1, got " + weight);
            }
            copy.put(level, weight);
        });
        if (clusterDefault && !copy.isEmpty()) {
            throw new IllegalArgumentException("the cluster-default dispersion has no explicit levels");
        }
        weights = Collections.unmodifiableMap(copy);
    }

    /** Spread over {@code levels}, each with weight 1. */
    public static Dispersion over(TopologyLevel... levels) {
        EnumMap<TopologyLevel, Integer> w = new EnumMap<>(TopologyLevel.class);
        for (TopologyLevel level : levels) {
            w.put(level, 1);
        }
        return new Dispersion(false, w);
    }

    /**
     * The weight per configured level ({@code result[i]} for {@code levels.get(i)}), 0 where the
     * pod does not spread. Levels the cluster does not model are ignored.
     */
    public int[] resolve(TopologyLevels levels) {
        int[] resolved = new int[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            resolved[i] = clusterDefault ? 1 : weights.getOrDefault(levels.get(i), 0);
        }
        return resolved;
    }
}
