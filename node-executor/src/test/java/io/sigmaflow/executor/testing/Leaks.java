package io.sigmaflow.executor.testing;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Counts what an executor could leak: its threads, and processes descended from this JVM. */
public final class Leaks {
    private Leaks() {}

    /** Live threads an executor started (its own and its Kafka clients'), by name. */
    public static Set<String> executorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("node-executor") || n.contains("kafka-producer-network-thread | node-executor")
                        || n.contains("consumer") && n.contains("sigma-node-executor"))
                .collect(Collectors.toSet());
    }

    /** Live processes started (directly or not) by this JVM. */
    public static List<ProcessHandle> childProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** Polls {@code condition} until it holds or {@code timeoutMs} passes; returns whether it held. */
    public static boolean eventually(long timeoutMs, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** Kills every process this JVM started (test cleanup, whatever happened). */
    public static void killChildren() {
        childProcesses().forEach(ProcessHandle::destroyForcibly);
        eventually(5_000, () -> childProcesses().isEmpty());
    }
}
