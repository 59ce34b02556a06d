package io.sigmaflow.placement.model;

import io.sigmaflow.schema.TopologyLevel;

/**
 * Where a node sits in the physical failure-domain tree. Domain names are scoped by their parent:
 * chassis {@code c1} under switch {@code s1} and {@code c1} under {@code s2} are different domains.
 */
public record Location(String zone, String coreSwitch, String chassis, String host) {
    public static final String DEFAULT_ZONE = "default";

    public Location {
        zone = zone == null || zone.isBlank() ? DEFAULT_ZONE : zone;
        requireName("coreSwitch", coreSwitch);
        requireName("chassis", chassis);
        requireName("host", host);
    }

    /** The name of this node's domain at {@code level} (unique only under its parent domain). */
    public String domainName(TopologyLevel level) {
        return switch (level) {
            case ZONE -> zone;
            case CORE_SWITCH -> coreSwitch;
            case CHASSIS -> chassis;
            case HOST -> host;
        };
    }

    private static void requireName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("topology." + field + " must not be blank");
        }
    }
}
