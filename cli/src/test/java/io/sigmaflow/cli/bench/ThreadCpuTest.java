package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void aBenchThreadIsTheBenchmarksAndTheJobsProducerIsNot() {
        assertEquals(true, ThreadCpu.isBench("main"));
        assertEquals(true, ThreadCpu.isBench("bench-reader"));
        assertEquals(true, ThreadCpu.isBench("kafka-producer-network-thread | bench-producer-123"));
        assertEquals(true, ThreadCpu.isBench("kafka-coordinator-heartbeat-thread | bench-reader-9"));
        assertEquals(false, ThreadCpu.isBench("kafka-producer-network-thread | producer-sigmaflow-bench-placements-0-1"));
        assertEquals(false, ThreadCpu.isBench("App lifecycle (1/2)#0"));
    }
}
