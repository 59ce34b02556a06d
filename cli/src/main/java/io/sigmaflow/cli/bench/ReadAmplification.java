package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read amplification of the host-facing topics: each node-executor reads the one partition its
 * node's id hashes to ({@link Topic#partitionOf}, as CommandConsumer assigns it), so every
 * placement record is fetched by every host of that partition. For a placements file of a run
 * ({@code bench placement --out DIR}) and a partition count, this counts the records fetched by
 * hosts per placement exactly (sum over placements of the hosts sharing its partition, divided by
 * the placements); without one, for a fleet of generated hosts with placements spread evenly
 * (sum of squared hosts per partition over hosts). It is arithmetic on the real hash, not a timed run.
 *
 * <p>{@code java -cp ... ReadAmplification HOSTS [PARTITIONS...] [--placements DIR/placements.csv]}
 * (without partition counts: today's 8 and {@link #partitionsFor}'s).
 */
public final class ReadAmplification {
    static final int MIN_PARTITIONS = Topics.DEFAULT_PARTITIONS;

    private ReadAmplification() {}

    /** The sizing rule of the host-facing topics, as topics are created: {@link Topics#partitionsForHosts}. */
    static int partitionsFor(int hosts) {
        return Topics.partitionsForHosts(hosts);
    }

    /** SyntheticCluster's node names (40 hosts per chassis, 25 chassis per switch). */
    static List<String> hostNames(int hosts) {
        List<String> nodes = new ArrayList<>(hosts);
        for (int i = 0; i < hosts; i++) {
            nodes.add(String.format("sw%03d-ch%03d-h%03d", i / 1000, (i % 1000) / 40, i % 40));
        }
        return nodes;
    }

    /**
     * Records fetched by hosts per placement: with {@code bound} (the node of each placement) exactly,
     * else for placements spread evenly over {@code nodes}; [0] that, [1] the most hosts on one partition.
     */
    static double[] fetchedPerPlacement(List<String> nodes, int partitions, List<String> bound) {
        int[] hostsOn = new int[partitions];
        Map<String, Integer> partitionOf = new HashMap<>();
        for (String node : nodes) {
            int p = Topic.partitionOf(node, partitions);
            partitionOf.put(node, p);
            hostsOn[p]++;
        }
        long fetched = 0;
        long records;
        if (bound != null) {
            for (String node : bound) {
                fetched += hostsOn[partitionOf.get(node)];
            }
            records = bound.size();
        } else {
            for (int n : hostsOn) {
                fetched += (long) n * n; // each host's share of placements, fetched by its partition's hosts
            }
            records = nodes.size();
        }
        int max = 0;
        for (int n : hostsOn) {
            max = Math.max(max, n);
        }
        return new double[] {(double) fetched / records, max};
    }

    public static void main(String[] args) throws IOException {
        int hosts = Integer.parseInt(args[0].replace("_", ""));
        List<Integer> partitionCounts = new ArrayList<>();
        Path placements = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--placements")) {
                placements = Path.of(args[++i]);
            } else {
                partitionCounts.add(Integer.parseInt(args[i]));
            }
        }
        if (partitionCounts.isEmpty()) {
            partitionCounts = List.of(MIN_PARTITIONS, partitionsFor(hosts));
        }
        List<String> nodes = hostNames(hosts);
        List<String> bound = placements == null ? null
                : Files.readAllLines(placements).stream().skip(1).map(l -> l.split(",")[2]).toList();
        for (int partitions : partitionCounts) {
            double[] r = fetchedPerPlacement(nodes, partitions, bound);
            System.out.printf("{\"hosts\":%d,\"partitions\":%d,\"hosts_per_partition_max\":%d,"
                            + "\"records_fetched_by_hosts_per_placement\":%.1f,\"source\":\"%s\"}%n", hosts, partitions,
                    (int) r[1], r[0], bound == null ? "even spread" : placements);
        }
    }
}
