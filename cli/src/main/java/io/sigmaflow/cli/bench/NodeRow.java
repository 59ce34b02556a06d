package io.sigmaflow.cli.bench;

/** One line of {@code nodes.csv}: a node, where it sits, and what it offers. */
public record NodeRow(String node, String coreSwitch, String chassis, long cpuMillis, long memoryMb) {}
