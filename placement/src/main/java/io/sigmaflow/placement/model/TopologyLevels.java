package io.sigmaflow.placement.model;

import io.sigmaflow.schema.TopologyLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The failure-domain levels a cluster is modelled with, widest first (default: core switch,
 * chassis, host; ZONE may be added in front). The index builds one tree level per entry.
 */
public record TopologyLevels(List<TopologyLevel> levels) {
    public static final TopologyLevels DEFAULT =
            new TopologyLevels(List.of(TopologyLevel.CORE_SWITCH, TopologyLevel.CHASSIS, TopologyLevel.HOST));

    public TopologyLevels {
        if (levels == null || levels.isEmpty()) {
            throw new IllegalArgumentException("topology levels: at least one level is needed");
        }
        for (int i = 1; i < levels.size(); i++) {
            if (levels.get(i).ordinal() <= levels.get(i - 1).ordinal()) {
                throw new IllegalArgumentException("topology levels must be distinct and widest first"
                        + " (ZONE, CORE_SWITCH, CHASSIS, HOST), got " + levels);
            }
        }
        levels = List.copyOf(levels);
    }

    public static TopologyLevels of(TopologyLevel... levels) {
        return new TopologyLevels(List.of(levels));
    }

    /** Parses a comma-separated list such as {@code CORE_SWITCH,CHASSIS,HOST} (case-insensitive). */
    public static TopologyLevels parse(String text) {
        List<TopologyLevel> parsed = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                parsed.add(TopologyLevel.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown topology level '" + part.trim()
                        + "'; known: ZONE, CORE_SWITCH, CHASSIS, HOST");
            }
        }
        return new TopologyLevels(parsed);
    }

    public int size() {
        return levels.size();
    }

    public TopologyLevel get(int index) {
        return levels.get(index);
    }

    /** Position of {@code level} in this list, or -1 when the cluster does not model it. */
    public int indexOf(TopologyLevel level) {
        return levels.indexOf(level);
    }
}
