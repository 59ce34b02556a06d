package io.sigmaflow.cli.bench;

/** One line of {@code placements.csv}: a committed pod, its requests, and its position in commit order (from 1). */
public record PlacementRow(String pod, String app, String node, long cpuMillis, long memoryMb, long order) {}
