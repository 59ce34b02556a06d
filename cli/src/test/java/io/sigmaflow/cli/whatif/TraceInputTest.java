package io.sigmaflow.cli.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.whatif.WhatIfInput.NodesFormat;
import io.sigmaflow.cli.whatif.WhatIfInput.RequestsFormat;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestType;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The public traces as what-if input: good rows to records, each kind of bad row refused by file:line, never the run. */
class TraceInputTest {
    private static final String GPU_NODES = "sn,cpu_milli,memory_mib,gpu,model\nn0,64000,262144,2,P100\n";
    private static final String POD_HEADER = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,"
            + "creation_time,deletion_time,scheduled_time\n";

    private static WhatIfInput read(NodesFormat nf, String nodes, RequestsFormat rf, String requests) throws Exception {
        return WhatIfInput.read("nodes.csv", nf, new StringReader(nodes), "pods.csv", rf, new StringReader(requests));
    }

    private static WhatIfInput v2018(String machines) throws Exception {
        return read(NodesFormat.ALIBABA_V2018, machines, RequestsFormat.JSONL, "");
    }

    private static WhatIfInput pods(String rows) throws Exception {
        return read(NodesFormat.ALIBABA_GPU_V2023, GPU_NODES, RequestsFormat.ALIBABA_GPU_V2023, POD_HEADER + rows);
    }

    private static List<String> refused(WhatIfInput input) {
        return input.refused().stream().map(Object::toString).toList();
    }

    @Test
    void aV2018MachineIsItsLatestRowOnTheFailureDomainsAsSwitchAndChassis() throws Exception {
        WhatIfInput input = v2018("m_1,0,219,17,96,100,USING\nm_2,5,12,3,96,50,USING\nm_1,900,220,18,64,100,USING\n"
                + "m_1,100,221,19,96,100,USING\n");
        assertEquals(List.of("m_1", "m_2"), input.nodes().stream().map(n -> n.getNodeId().toString()).toList());
        NodeEvent m1 = input.nodes().get(0);
        assertEquals(64_000L, m1.getCapacity().getCpuMillis(), "the row of time 900 wins");
        assertEquals(TraceInput.V2018_FULL_MEMORY_MB, m1.getCapacity().getMemoryMb());
        assertEquals("fd2-18", m1.getTopology().getCoreSwitch());
        assertEquals("fd2-18_fd1-220", m1.getTopology().getChassis());
        assertEquals("m_1", m1.getTopology().getHost());
        assertEquals(TraceInput.V2018_FULL_MEMORY_MB / 2, input.nodes().get(1).getCapacity().getMemoryMb());
        assertEquals(List.of(), input.refused());
    }

    @Test
    void badV2018RowsAreRefusedByLineAndTheRestRuns() throws Exception {
        WhatIfInput input = v2018("m_1,0,219,17,96,100,USING\n"
                + "m_2,x,1,1,96,100,USING\n"            // 2: time_stamp
                + "m_3,0,1,1,96,100\n"                  // 3: a field short
                + "m_4,0,,1,96,100,USING\n"             // 4: empty failure domain
                + "m_5,0,1,1,0,100,USING\n"             // 5: no cpu
                + "m_6,0,1,1,96,101,USING\n"            // 6: memory above 100
                + "m_7,0,1,1,96,100,IMPORT_INSTALLING\n" // 7: not in service
                + "m_8,0,1,1,96,0,USING\n");            // 8: no memory
        assertEquals(List.of("m_1"), input.nodes().stream().map(n -> n.getNodeId().toString()).toList());
        List<String> refused = refused(input);
        assertEquals(7, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("nodes.csv:2: time_stamp: expected a whole number"), refused.get(0));
        assertEquals("nodes.csv:3: (row): expected 7 fields, got 6", refused.get(1));
        assertEquals("nodes.csv:4: failure_domain_1: must not be empty", refused.get(2));
        assertTrue(refused.get(3).startsWith("nodes.csv:5: cpu_num: "), refused.get(3));
        assertTrue(refused.get(4).startsWith("nodes.csv:6: mem_size: expected a number 0.0..100.0, got '101'"), refused.get(4));
        assertTrue(refused.get(5).startsWith("nodes.csv:7: status: 'IMPORT_INSTALLING'"), refused.get(5));
        assertTrue(refused.get(6).startsWith("nodes.csv:8: mem_size: 0"), refused.get(6));
    }

    @Test
    void aV2018FileWithoutOneGoodRowIsRefusedWhole() {
        WhatIfInput.InvalidInputException e = assertThrows(WhatIfInput.InvalidInputException.class,
                () -> v2018("this is not,a machine list\n"));
        assertEquals("nodes.csv:0: -: no usable machines (every row was refused)", e.problems().get(0).toString());
        assertEquals("nodes.csv:1: (row): expected 7 fields, got 2", e.problems().get(1).toString());
    }

    @Test
    void theShippedV2018MachinesRead() throws Exception {
        WhatIfInput input = WhatIfInput.read(Path.of("data/alibaba-v2018/machine_meta.csv"), NodesFormat.ALIBABA_V2018,
                Path.of("src/main/resources/whatif/demo-requests.jsonl"), RequestsFormat.JSONL);
        assertEquals(4033, input.nodes().size());
        assertEquals(1, input.refused().size(), "the one IMPORT_INSTALLING machine");
        Set<String> switches = new HashSet<>();
        input.nodes().forEach(n -> switches.add(n.getTopology().getCoreSwitch().toString()));
        assertEquals(20, switches.size());
    }

    @Test
    void aGpuTracePodIsAnAppPublishedAtItsCreationAndDestroyedAtItsDeletionInTimeOrder() throws Exception {
        WhatIfInput input = pods("p0,12000,16384,1,1000,,LS,Running,0,50,0\n"
                + "p1,6000,12288,1,460,,BE,Running,10,,10\n"
                + "p2,1000,1024,0,0,,Guaranteed,Failed,50,60,50\n"
                + "p3,1000,1024,4,1000,,Burstable,Running,20,30,20\n");
        assertEquals(List.of("p0-create", "p1-create", "p3-create", "p3-delete", "p0-delete", "p2-create", "p2-delete"),
                input.requests().stream().map(r -> r.getRequestId().toString()).toList(),
                "event-time order; at 50 the deletion first");
        PlacementRequest p0 = input.requests().get(0);
        assertEquals(RequestType.PUBLISH, p0.getType());
        assertEquals("p0", p0.getAppId());
        assertEquals(1, p0.getReplicas());
        assertEquals(TraceInput.GPU_TRACE_EPOCH_MS, p0.getSubmittedAtMs());
        assertEquals(1, p0.getTemplate().getGpu().getWholeGpus());
        PlacementRequest p1 = input.requests().get(1);
        assertEquals(460, p1.getTemplate().getGpu().getMilliShare());
        assertEquals(QosClass.BE, p1.getTemplate().getQos());
        assertEquals(4, input.requests().get(2).getTemplate().getGpu().getWholeGpus());
        PlacementRequest delete = input.requests().get(4);
        assertEquals(RequestType.DESTROY, delete.getType());
        assertNull(delete.getTemplate());
        assertEquals(TraceInput.GPU_TRACE_EPOCH_MS + 50_000, delete.getSubmittedAtMs());
        assertNull(input.requests().get(5).getTemplate().getGpu());
        assertEquals(QosClass.LSR, input.requests().get(5).getTemplate().getQos());
        assertEquals(2, input.nodes().get(0).getGpus().getCount());
    }

    @Test
    void badGpuTraceRowsAreRefusedByLine() throws Exception {
        WhatIfInput input = pods("p0,12000,16384,1,1000,,LS,Running,0,50,0\n"
                + "p1,x,16384,1,1000,,LS,Running,0,50,0\n"   // 3: cpu
                + "p2,1000,1024,2,500,,LS,Running,0,50,0\n"  // 4: a share of two GPUs
                + "p3,1000,1024,1,0,,LS,Running,0,50,0\n"    // 5: a GPU of 0 milli
                + "p4,1000,1024,0,0,,Gold,Running,0,50,0\n"  // 6: qos
                + "p5,1000,1024,0,0,,LS,Running,60,50,0\n"   // 7: deleted before created
                + "p0,1000,1024,0,0,,LS,Running,0,50,0\n"    // 8: listed twice
                + "p6,1000,1024,0,0,,LS\n");                 // 9: short
        assertEquals(List.of("p0-create", "p0-delete"), input.requests().stream().map(r -> r.getRequestId().toString())
                .toList());
        List<String> refused = refused(input);
        assertEquals(7, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("pods.csv:3: cpu_milli: expected a whole number"), refused.get(0));
        assertTrue(refused.get(1).startsWith("pods.csv:4: gpu_milli: only one GPU can be shared"), refused.get(1));
        assertTrue(refused.get(2).startsWith("pods.csv:5: gpu_milli: num_gpu 1 needs"), refused.get(2));
        assertTrue(refused.get(3).startsWith("pods.csv:6: qos: expected LS, BE"), refused.get(3));
        assertEquals("pods.csv:7: deletion_time: 50 is before creation_time 60", refused.get(4));
        assertEquals("pods.csv:8: name: pod 'p0' was already listed on line 2", refused.get(5));
        assertEquals("pods.csv:9: (row): expected 11 fields, got 7", refused.get(6));
    }

    @Test
    void aPodListWithoutItsColumnsIsRefusedWhole() {
        WhatIfInput.InvalidInputException e = assertThrows(WhatIfInput.InvalidInputException.class,
                () -> read(NodesFormat.ALIBABA_GPU_V2023, GPU_NODES, RequestsFormat.ALIBABA_GPU_V2023, "name,cpu\np0,1\n"));
        assertTrue(e.problems().get(0).toString().startsWith("pods.csv:1: (header): missing column(s) [cpu_milli, memory_mib,"),
                e.problems().toString());
    }

    @Test
    void theShippedGpuTraceReads() throws Exception {
        WhatIfInput input = WhatIfInput.read(Path.of("data/alibaba-gpu-v2023/openb_node_list_gpu_node.csv"),
                NodesFormat.ALIBABA_GPU_V2023, Path.of("data/alibaba-gpu-v2023/openb_pod_list_default.csv"),
                RequestsFormat.ALIBABA_GPU_V2023);
        assertEquals(1213, input.nodes().size());
        assertEquals(2 * 8152, input.requests().size(), "every pod has a deletion time");
        assertEquals(List.of(), input.refused());
        long previous = 0;
        for (PlacementRequest r : input.requests()) {
            assertTrue(r.getSubmittedAtMs() >= previous, "event-time order at " + r.getRequestId());
            previous = r.getSubmittedAtMs();
        }
    }
}
