package io.sigmaflow.cli.bench;

import java.nio.file.Path;

/**
 * The checked arguments of {@code ./sigma bench placement} ({@link BenchPlacementCommand} parses
 * and checks them).
 *
 * @param coreOnly run the decision core in this process, without Kafka or Flink
 * @param parallelism end-to-end only: the job's parallelism (0 = not given)
 * @param rate end-to-end only: pods offered per second (0 = as fast as possible)
 * @param maxCandidates feasible nodes scored per pod (-1 = the profile's default)
 * @param checkpointIntervalMs end-to-end only: checkpoint interval (0 = flink-conf/config.yaml's)
 * @param order end-to-end only: {@code event-time} or {@code arrival} (null = the job's default, event-time)
 * @param flink end-to-end only: Flink settings over flink-conf/config.yaml's ({@code --flink KEY=VALUE}, repeatable)
 * @param cluster run against the cluster {@code ./sigma cluster up} started instead of an embedded one
 * @param clusterDir with {@code cluster}: its directory (null = the repository's .sigma/cluster)
 * @param killTaskManagerAt with {@code cluster}: kill -9 the busiest TaskManager once this share of
 *     the pods is placed (0 = never)
 * @param profile end-to-end, embedded only: the Flink settings profile, {@code throughput} (flink-conf/config.yaml
 *     alone) or {@code latency} (flink-conf/profile-latency.yaml over it); see flink-conf/README.md
 * @param hostReaders end-to-end, embedded only: one simulated host per node reads its partition of the placements
 *     topic as an executor does ({@link HostReaders}), and the records and bytes it fetched are reported
 */
public record BenchOptions(int nodes, int pods, boolean coreOnly, Path out, long seed, int parallelism, int rate,
                           int hostsPerChassis, int chassisPerSwitch, int maxCandidates, int checkpointIntervalMs,
                           String order, java.util.Map<String, String> flink, boolean cluster, Path clusterDir,
                           double killTaskManagerAt, String profile, boolean hostReaders) {
    public static final String THROUGHPUT = "throughput";
    public static final String LATENCY = "latency";

    public BenchOptions {
        flink = java.util.Map.copyOf(flink);
    }

    public BenchOptions(int nodes, int pods, boolean coreOnly, Path out, long seed, int parallelism, int rate,
                        int hostsPerChassis, int chassisPerSwitch, int maxCandidates) {
        this(nodes, pods, coreOnly, out, seed, parallelism, rate, hostsPerChassis, chassisPerSwitch, maxCandidates, 0,
                null, java.util.Map.of(), false, null, 0, THROUGHPUT, false);
    }
}
