package io.sigmaflow.placement.placer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.framework.InvalidConfigException;
import io.sigmaflow.placement.framework.Plugin;
import io.sigmaflow.placement.plugins.noderesources.NodeResourcesAllocated;
import io.sigmaflow.schema.TopologyLevel;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementConfigTest {

    @Test
    void defaults() {
        PlacementConfig config = PlacementConfig.defaults();
        assertEquals(List.of(TopologyLevel.CORE_SWITCH, TopologyLevel.CHASSIS, TopologyLevel.HOST), config.levels().levels());
        assertEquals(List.of("NodeSchedulable", "NodeResourcesFit", "NodeSelector", "TaintToleration", "DedicatedCores"),
                config.profile().filters().plugins().stream().map(Plugin::name).toList());
        assertEquals(List.of("Dispersion", "NodeResourcesAllocated", "BalancedAllocation"),
                config.profile().scores().weighted().stream().map(w -> w.plugin().name()).toList());
        assertEquals(16, config.profile().maxCandidates());
        assertTrue(config.profile().preemption());
    }

    @Test
    void overrides() {
        PlacementConfig config = PlacementConfig.parse(Map.of(
                "topology.levels", "zone, core_switch, host",
                "filters", "NodeResourcesFit",
                "scores", "NodeResourcesAllocated:3, Dispersion",
                "NodeResourcesAllocated.strategy", "most-allocated",
                "maxCandidates", "0",
                "preemption", "FALSE"));
        assertEquals(List.of(TopologyLevel.ZONE, TopologyLevel.CORE_SWITCH, TopologyLevel.HOST), config.levels().levels());
        assertEquals(3.0, config.profile().scores().weight(0));
        assertEquals(NodeResourcesAllocated.Strategy.MOST_ALLOCATED,
                ((NodeResourcesAllocated) config.profile().scores().weighted().get(0).plugin()).strategy());
        assertEquals(0, config.profile().maxCandidates());
        assertFalse(config.profile().preemption());
        assertTrue(config.newPlacer().index().levels().levels().contains(TopologyLevel.ZONE));
    }

    record Bad(Map<String, String> config, String key, String fragment) {
        @Override
        public String toString() {
            return config.toString();
        }
    }

    static Stream<Bad> bad() {
        return Stream.of(
                new Bad(Map.of("filters", "NodeResourcesFit,Nope"), "filters", "unknown plugin 'Nope'"),
                new Bad(Map.of("filters", "Dispersion"), "filters", "not a filter"),
                new Bad(Map.of("scores", "NodeSelector"), "scores", "not a score"),
                new Bad(Map.of("scores", "Dispersion:0"), "scores", "must be a positive number"),
                new Bad(Map.of("scores", "Dispersion:1:2"), "scores", "expected name[:weight]"),
                new Bad(Map.of("filters", "NodeSelector,NodeSelector"), "filters", "listed twice"),
                new Bad(Map.of("maxCandidates", "-1"), "maxCandidates", "non-negative integer"),
                new Bad(Map.of("preemption", "yes"), "preemption", "true or false"),
                new Bad(Map.of("topology.levels", "HOST,CHASSIS"), "topology.levels", "widest first"),
                new Bad(Map.of("topology.levels", "RACK"), "topology.levels", "unknown topology level 'RACK'"),
                new Bad(Map.of("maxCandidate", "3"), "maxCandidate", "unknown key"),
                new Bad(Map.of("NodeResourcesAllocated.strategy", "least-allocated", "scores", "Dispersion"),
                        "NodeResourcesAllocated.strategy", "not enabled"),
                new Bad(Map.of("NodeResourcesAllocated.colour", "red"), "NodeResourcesAllocated.colour", "unknown key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void badConfigurationNamesTheKey(Bad c) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PlacementConfig.parse(c.config()));
        assertEquals(c.key(), e.key());
        assertTrue(e.getMessage().contains(c.fragment()), e.getMessage());
    }
}
