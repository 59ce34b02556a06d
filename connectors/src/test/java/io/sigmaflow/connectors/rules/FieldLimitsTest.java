package io.sigmaflow.connectors.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldLimitsTest {
    @Test
    void idsAreAtMost253CharactersAndOtherStrings64K() {
        assertNull(FieldLimits.problem(SampleRecords.publish("r", "a".repeat(253), 1)));
        assertEquals("appId: an id of at most 253 characters, got 600000 ('" + "a".repeat(40) + "...')",
                FieldLimits.problem(SampleRecords.publish("r", "a".repeat(600_000), 1)));
        assertEquals("requestId: an id of at most 253 characters, got 254 ('" + "r".repeat(40) + "...')",
                FieldLimits.problem(SampleRecords.publish("r".repeat(254), "cart", 1)));
        PlacementRequest longEnv = SampleRecords.publish("r", "cart", 1);
        longEnv.getTemplate().getPayload().setEnv(Map.of("BIG", "v".repeat(70_000)));
        assertEquals("template.payload.env[BIG]: at most 65536 characters, got 70000", FieldLimits.problem(longEnv));
        // Requests' id characters are the request rules' (with a REJECTED outcome), not the edge's.
        assertNull(FieldLimits.problem(SampleRecords.publish("r", "a/b", 1)));
    }

    @Test
    void hostInputsIdsAreSafeAsFileNames() {
        java.util.function.Function<PodStatus, String> safe = FieldLimits::safeIdProblem;
        PodStatus ok = new PodStatus("node-1", "cart-0", "cart", 7L, io.sigmaflow.schema.PodState.RUNNING, 0, null, 1L);
        assertNull(safe.apply(ok));
        ok.setNodeId("../etc");
        assertEquals("nodeId: '../etc' must not contain '/', '\\' or '..' (ids name files and cgroups on hosts)",
                safe.apply(ok));
        ok.setNodeId("node-1");
        ok.setPodId("cart 0");
        assertEquals("podId: 'cart 0' must not contain whitespace or control characters (at 4)", safe.apply(ok));
        NodeEvent big = (NodeEvent) SampleRecords.all().get(1);
        big.setNodeId("n".repeat(400_000));
        assertEquals("nodeId: an id of at most 253 characters, got 400000 ('" + "n".repeat(40) + "...')",
                FieldLimits.safeIdProblem(big));
    }
}
