package io.sigmaflow.cli.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestType;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The what-if's input files: plain JSON lines to Avro records, every problem named by file:line and field. */
class WhatIfInputTest {
    private static final String NODE = "{\"nodeId\":\"n1\",\"type\":\"REGISTER\",\"capacity\":{\"cpuMillis\":8000,"
            + "\"memoryMb\":16384},\"topology\":{\"coreSwitch\":\"s1\",\"chassis\":\"c1\",\"host\":\"n1\"}}";
    private static final String REQUEST = "{\"requestId\":\"r1\",\"appId\":\"web\",\"type\":\"PUBLISH\",\"replicas\":3,"
            + "\"template\":{\"resources\":{\"cpuMillis\":500,\"memoryMb\":1024},\"payload\":{\"executable\":\"/bin/true\"}}}";

    private static WhatIfInput read(String nodes, String requests) throws Exception {
        return WhatIfInput.read("nodes.jsonl", new StringReader(nodes), "requests.jsonl", new StringReader(requests));
    }

    private static List<String> problems(String nodes, String requests) {
        WhatIfInput.InvalidInputException e =
                assertThrows(WhatIfInput.InvalidInputException.class, () -> read(nodes, requests));
        return e.problems().stream().map(Object::toString).toList();
    }

    @Test
    void plainJsonBecomesTheRecordsWithSchemaDefaultsForWhatIsLeftOut() throws Exception {
        WhatIfInput input = read("# a comment\n\n" + NODE + "\n", REQUEST + "\n" + "{\"requestId\":\"r2\",\"appId\":\"web\","
                + "\"type\":\"SCALE\",\"replicas\":5,\"template\":null}\n");
        assertEquals(1, input.nodes().size());
        assertEquals(NodeEventType.REGISTER, input.nodes().get(0).getType());
        assertEquals(0L, input.nodes().get(0).getCapacity().getDiskMb(), "diskMb defaults to 0");
        assertEquals("default", input.nodes().get(0).getTopology().getZone());
        assertNull(input.nodes().get(0).getAllocatable());
        PlacementRequest publish = input.requests().get(0);
        assertEquals(RequestType.PUBLISH, publish.getType());
        assertEquals(3, publish.getReplicas());
        assertEquals(500L, publish.getTemplate().getResources().getCpuMillis());
        assertEquals(QosClass.LS, publish.getTemplate().getQos());
        assertNull(publish.getTemplate().getDispersion(), "null: the cluster's default levels");
        assertEquals(Map.of(), publish.getTemplate().getNodeSelector());
        assertNull(input.requests().get(1).getTemplate());
        assertEquals(5, input.requests().get(1).getReplicas());
    }

    @Test
    void theShippedDemoInputReads() throws Exception {
        WhatIfInput demo = WhatIfInput.demo();
        assertEquals(12, demo.nodes().size());
        assertEquals(List.of("web", "cache", "ingest", "batch", "analytics"),
                demo.requests().stream().map(PlacementRequest::getAppId).toList());
        assertEquals(Map.of("disk", "ssd"), demo.requests().get(1).getTemplate().getNodeSelector());
    }

    @Test
    void everyBadLineIsReportedWithFileLineAndField() {
        List<String> problems = problems(
                NODE + "\n"
                        + "{\"nodeId\":\"n2\",\"type\":\"JOIN\"}\n"
                        + "{\"nodeId\":\"n3\",\"type\":\"REGISTER\",\"capacity\":{\"cpuMillis\":\"8 cores\",\"memoryMb\":1}}\n"
                        + "not json\n",
                "# header\n"
                        + "{\"appId\":\"web\",\"type\":\"PUBLISH\"}\n"
                        + REQUEST.replace("\"replicas\"", "\"replica\"") + "\n"
                        + REQUEST.replace("\"memoryMb\":1024", "\"memoryMb\":null") + "\n"
                        + REQUEST.replace("\"replicas\":3", "\"replicas\":3000000000") + "\n"
                        + REQUEST + "\n"
                        + REQUEST + "\n");
        assertEquals(List.of(
                "nodes.jsonl:2: type: expected one of [REGISTER, UPDATE, DRAIN, REMOVE], got string \"JOIN\"",
                "nodes.jsonl:3: capacity.cpuMillis: expected an integer, got string \"8 cores\"",
                "nodes.jsonl:4: -: not JSON: " + problems.get(2).substring("nodes.jsonl:4: -: not JSON: ".length()),
                "requests.jsonl:2: requestId: missing (required in PlacementRequest)",
                "requests.jsonl:3: replica: unknown field of PlacementRequest; known: appId, replicas, requestId,"
                        + " submittedAtMs, submitter, template, type, upgrade",
                "requests.jsonl:4: template.resources.memoryMb: expected an integer, got null null",
                "requests.jsonl:5: replicas: expected an integer (32 bit), got number 3000000000",
                "requests.jsonl:7: requestId: 'r1' was already used on line 6 (the job would ignore this one as a"
                        + " DUPLICATE)"), problems);
    }

    @Test
    void aWhatIfWithoutNodesIsRefused() {
        assertEquals(List.of("nodes.jsonl:0: -: no node events: a what-if needs a cluster"), problems("\n", REQUEST));
    }

    @Test
    void anArrayElementIsNamedByItsIndex() {
        String dispersion = REQUEST.replace("\"payload\"",
                "\"dispersion\":[{\"level\":\"HOST\"},{\"level\":\"RACK\"}],\"payload\"");
        List<String> problems = problems(NODE, dispersion);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("requests.jsonl:1: template.dispersion[1].level: expected one of ["),
                problems.get(0));
    }
}
