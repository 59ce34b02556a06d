package io.sigmaflow.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cpu time of one process's threads by role, for the embedded run where the broker, the job and
 * the benchmark share a JVM: the process total alone cannot say what the broker costs. Broker
 * threads are those the broker started (alive right after it started, absent before) and any
 * later one with a broker thread's name; the benchmark's are named {@code bench*} (its clients'
 * ids too) or {@code main}; every other Java thread is the job's (Flink's tasks, network,
 * checkpoints, and the job's own Kafka clients). What no Java thread accounts for (garbage
 * collection, the JIT, RocksDB's native compaction and flush threads) is {@code unattributed}.
 * Threads are read at every {@link #sample()}, the last value of a thread that ended stays counted.
 */
final class ThreadCpu {
    static final String BROKER = "brokers";
    static final String JOB = "job";
    static final String BENCH = "bench";
    static final String UNATTRIBUTED = "unattributed";
    /** Threads the broker may start after its start-up (request purgatories, transaction markers, log cleaner). */
    private static final Pattern BROKER_NAMES = Pattern.compile(
            "^(data-plane-kafka|kafka-request-handler|kafka-network-thread|ExpirationReaper|TxnMarkerSenderThread"
                    + "|transaction-log-manager|group-coordinator|share-coordinator|kafka-log-cleaner|kafka-scheduler"
                    + "|ReplicaFetcherThread|raft-|quorum-controller|broker-\\d|controller-\\d|LogDirFailureHandler"
                    + "|metadata-|feature-|kafka-.*-reaper).*");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Set<Long> brokerThreads;
    private final Map<Long, Long> lastNanos = new HashMap<>();
    private final Map<Long, String> roleOf = new HashMap<>();

    private ThreadCpu(Set<Long> brokerThreads) {
        this.brokerThreads = Set.copyOf(brokerThreads);
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    /** The ids of the threads alive now: call before starting the broker. */
    static Set<Long> aliveNow() {
        Set<Long> ids = new HashSet<>();
        for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    /** Call right after the broker started: the threads that appeared since {@code before} are its. */
    static ThreadCpu brokerStartedSince(Set<Long> before) {
        Set<Long> broker = aliveNow();
        broker.removeAll(before);
        return new ThreadCpu(broker);
    }

    /** Reads every live thread's cpu time now. */
    synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        for (long id : ids) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos < 0) {
                continue; // ended meanwhile
            }
            lastNanos.merge(id, nanos, Math::max);
            if (!roleOf.containsKey(id)) {
                ThreadInfo info = threads.getThreadInfo(id);
                if (info != null) {
                    roleOf.put(id, role(id, info.getThreadName()));
                }
            }
        }
    }

    private String role(long id, String name) {
        if (brokerThreads.contains(id) || BROKER_NAMES.matcher(name).matches()) {
            return BROKER;
        }
        if (isBench(name)) {
            return BENCH;
        }
        return JOB;
    }

    /**
     * The benchmark's threads: {@code main}, its own ({@code bench-reader}, {@code bench-hosts-*}...)
     * and its Kafka clients' ({@code kafka-producer-network-thread | bench-producer-*}: a client
     * thread is named after its client id). Not the job's clients, whose ids contain the run's
     * {@code sigmaflow-bench} prefix ({@code producer-sigmaflow-bench-placements-0-1}): those were
     * counted as the benchmark's until 2026-12-07 (~0.5 s of a 10,000 / 200,000 run).
     */
    static boolean isBench(String name) {
        return name.equals("main") || name.startsWith(BENCH) || name.contains("| " + BENCH);
    }

    /** Cpu nanoseconds by role as of the last sample, {@link #UNATTRIBUTED} being what the process used beyond them. */
    synchronized Map<String, Long> byRole(long processNanos) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(JOB, 0L);
        out.put(BROKER, 0L);
        out.put(BENCH, 0L);
        long sum = 0;
        for (Map.Entry<Long, Long> e : lastNanos.entrySet()) {
            out.merge(roleOf.getOrDefault(e.getKey(), JOB), e.getValue(), Long::sum);
            sum += e.getValue();
        }
        out.put(UNATTRIBUTED, Math.max(0, processNanos - sum));
        return out;
    }
}
