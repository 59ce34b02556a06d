package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.job.PlacementJob;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.placement.model.Location;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions finer than a core switch: the end-to-end benchmark (its own broker, the job on a
 * mini cluster with RocksDB, exactly-once topics) with {@code sigmaflow.job.partition-level:
 * CHASSIS} at parallelism 4 on 2 core switches of 12 chassis. With switch partitions two of the
 * four subtasks would hold no key at all; with chassis partitions every subtask owns chassis
 * that received pods (the subtask of a partition is what Flink's keyBy computes: its key group
 * under the job's fixed max parallelism), and the independent recount of the committed
 * placements finds no avoidable co-location, no overcommitted node, no duplicate: the router
 * spreads over switches and chassis, each chassis partition over its hosts, and a node is owned
 * by the one partition of its chassis.
 */
class ChassisPartitionsIT {
    private static final int PARALLELISM = 4;

    @Test
    void chassisPartitionsGiveEverySubtaskWorkAndKeepDispersionExact(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.run(List.of("placement", "--nodes", "72", "--pods", "600", "--hosts-per-chassis", "3",
                        "--chassis-per-switch", "12", "--parallelism", String.valueOf(PARALLELISM),
                        "--checkpoint-interval", "200ms", "--flink", PlacementJobConfig.PARTITION_LEVEL + "=CHASSIS",
                        "--out", dir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        String json = lines[lines.length - 1];
        assertEquals(0, code, out + "\n" + err);
        for (String key : List.of("\"placed\":600", "\"pending\":0", "\"overcommitted_nodes\":0",
                "\"avoidable_colocations\":0", "\"duplicate_binds\":0", "\"parallelism\":" + PARALLELISM)) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        List<NodeRow> nodes = BenchCsv.readNodes(dir);
        List<PlacementRow> placements = BenchCsv.readPlacements(dir);
        RecountChecker.Recount recount = RecountChecker.check(nodes, placements);
        assertTrue(recount.clean(), "recount of the files: " + recount);

        // Partition ids as the job makes them, and the subtask Flink's keyBy sends each one to.
        PartitionScheme scheme = PlacementJobConfig.from(Map.of(PlacementJobConfig.PARTITION_LEVEL, "CHASSIS"))
                .partitionSpec().scheme();
        Map<String, String> partitionOfNode = new HashMap<>();
        Set<String> switches = new TreeSet<>();
        for (NodeRow n : nodes) {
            partitionOfNode.put(n.node(), scheme.partitionOf(new Location(null, n.coreSwitch(), n.chassis(), n.node())));
            switches.add(n.coreSwitch());
        }
        assertTrue(PARALLELISM > switches.size(), "more subtasks than core switches: " + switches);
        Map<Integer, Integer> podsPerSubtask = new TreeMap<>();
        Map<String, Integer> podsPerPartition = new TreeMap<>();
        for (PlacementRow p : placements) {
            String partition = partitionOfNode.get(p.node());
            podsPerPartition.merge(partition, 1, Integer::sum);
            podsPerSubtask.merge(KeyGroupRangeAssignment.assignKeyToParallelOperator(partition,
                    PlacementJob.MAX_PARALLELISM, PARALLELISM), 1, Integer::sum);
        }
        System.out.println("pods per subtask of the node partitions: " + podsPerSubtask);
        assertEquals(PARALLELISM, podsPerSubtask.size(), "every subtask committed pods: " + podsPerSubtask);
        assertEquals(24, podsPerPartition.size(), "every chassis partition committed pods: " + podsPerPartition);
    }
}
