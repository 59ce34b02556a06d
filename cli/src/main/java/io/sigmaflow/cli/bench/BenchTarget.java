package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.topics.Topics;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Where the end-to-end benchmark sends its nodes and requests and reads the placements back: a
 * broker and mini cluster of its own ({@link EmbeddedTarget}) or the cluster {@code ./sigma
 * cluster up} started ({@link ClusterTarget}). The feeding, reading, timing and recount are the
 * same for both ({@link EndToEndBench}).
 */
interface BenchTarget extends AutoCloseable {
    /** {@code embedded} or {@code cluster}: the JSON's {@code deployment}. */
    String deployment();

    String bootstrap();

    Topics topics();

    /** How this run names its apps and nodes on the target. */
    RunIds ids();

    int parallelism();

    long checkpointIntervalMs();

    /** Feasible nodes the job's placer scores per pod (the job's configuration). */
    int maxCandidates();

    /** Cpu time of every process serving the run (broker(s), job, this benchmark) so far, in nanoseconds. */
    long cpuNanos();

    /**
     * Cpu nanoseconds so far of one group of this process's native threads ({@link NativeThreadCpu}'s
     * {@code jit}, {@code gc}, {@code rocksdb}) as of the last {@link #cpuNanos()}; -1 where not read
     * (the cluster's processes).
     */
    default long nativeCpuNanos(String group) {
        return -1;
    }

    /**
     * The process's cpu for a mark of the steady-state window ({@link WriteProgress}), read without
     * moving the reading {@link #extra()} splits by role (the last BIND's, {@code cpu_seconds}'): a mark
     * taken after the last BIND would otherwise make the parts add up to more than the whole.
     */
    default long markCpuNanos() {
        return cpuNanos();
    }

    /**
     * The timed part of the run starts now (the cpu by role in {@link #extra()} counts from here); returns
     * {@link #cpuNanos()} of that same reading, so that {@code cpu_seconds} and its parts share one start.
     */
    default long timingStarts() {
        return cpuNanos();
    }

    /** Kills part of the deployment (the busiest TaskManager); a line for the log. */
    default String injectFailure() throws Exception {
        throw new UnsupportedOperationException(deployment() + " deployment: no process to kill");
    }

    /** What the JSON adds for this deployment, read once the run is over. */
    Map<String, Object> extra() throws Exception;

    /** The job's completed checkpoints, once {@link #extra()} read them (empty where not read). */
    default List<TailSplit.Checkpoint> completedCheckpoints() {
        return List.of();
    }

    /** After the run: leave the target as found (the cluster: this run's apps destroyed, nodes removed). */
    default void cleanUp(List<String> appIds, List<String> nodeIds, PrintStream log) throws Exception {}

    @Override
    void close() throws Exception;
}
