package io.sigmaflow.executor.isolation;

import io.sigmaflow.executor.isolation.CpuTopology.Cpu;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Chooses the CPUs a pod gets for itself, as Kubernetes' static CPU manager does: one NUMA node
 * when one can hold the request, whole physical cores before single threads (a sibling thread
 * shares the core's caches and pipeline, so a half-owned core is not dedicated), and the
 * highest-numbered CPUs first, so that CPU 0 (interrupts, the executor, the kernel's own work)
 * is the last to leave the shared pool. A pure function of the topology and what is taken.
 */
public final class DedicatedCores {
    private DedicatedCores() {}

    /**
     * {@code count} CPUs out of those not {@code taken}, leaving at least {@code sharedMin} for
     * the shared pool; empty when that is impossible.
     */
    public static Optional<SortedSet<Integer>> choose(CpuTopology topology, Set<Integer> taken, int count, int sharedMin) {
        List<Cpu> free = topology.cpus().stream().filter(c -> !taken.contains(c.id())).toList();
        if (count <= 0 || free.size() - count < Math.max(0, sharedMin)) {
            return Optional.empty();
        }
        Map<Integer, List<Cpu>> byNode = free.stream().collect(Collectors.groupingBy(Cpu::node, TreeMap::new, Collectors.toList()));
        // Best fit: the node with the fewest free CPUs that still holds the request (big nodes
        // stay whole for big requests); ties to the highest node, away from node 0.
        Optional<List<Cpu>> oneNode = byNode.entrySet().stream()
                .filter(e -> e.getValue().size() >= count)
                .min(Comparator.<Map.Entry<Integer, List<Cpu>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getValue);
        SortedSet<Integer> chosen = new TreeSet<>();
        if (oneNode.isPresent()) {
            takeFrom(topology, oneNode.get(), count, chosen);
        } else {
            // Spanning nodes: the emptiest nodes first, so the fewest nodes are touched.
            List<List<Cpu>> nodes = new ArrayList<>(byNode.values());
            nodes.sort(Comparator.<List<Cpu>>comparingInt(List::size).reversed());
            for (List<Cpu> node : nodes) {
                takeFrom(topology, node, count - chosen.size(), chosen);
                if (chosen.size() == count) {
                    break;
                }
            }
        }
        return Optional.of(chosen);
    }

    /** Adds up to {@code want} CPUs of {@code freeOnNode} to {@code chosen}: whole cores first, then threads. */
    private static void takeFrom(CpuTopology topology, List<Cpu> freeOnNode, int want, SortedSet<Integer> chosen) {
        Map<Integer, Long> threadsPerCore = topology.cpus().stream().collect(Collectors.groupingBy(Cpu::core, Collectors.counting()));
        Map<Integer, List<Cpu>> freeByCore = freeOnNode.stream()
                .collect(Collectors.groupingBy(Cpu::core, TreeMap::new, Collectors.toList()));
        Comparator<Map.Entry<Integer, List<Cpu>>> highestFirst = Comparator.comparingInt(
                (Map.Entry<Integer, List<Cpu>> e) -> e.getValue().stream().mapToInt(Cpu::id).max().orElse(0)).reversed();
        List<Map.Entry<Integer, List<Cpu>>> whole = freeByCore.entrySet().stream()
                .filter(e -> e.getValue().size() == threadsPerCore.get(e.getKey())).sorted(highestFirst).toList();
        int left = want;
        for (Map.Entry<Integer, List<Cpu>> core : whole) {
            if (core.getValue().size() <= left) {
                core.getValue().forEach(c -> chosen.add(c.id()));
                left -= core.getValue().size();
            }
        }
        if (left == 0) {
            return;
        }
        // Single threads: first those on cores already partly dedicated (they could never be a
        // whole core again), then the rest, highest first.
        List<Cpu> threads = freeOnNode.stream().filter(c -> !chosen.contains(c.id()))
                .sorted(Comparator.<Cpu>comparingInt(c -> freeByCore.get(c.core()).size() == threadsPerCore.get(c.core()) ? 1 : 0)
                        .thenComparing(Cpu::id, Comparator.reverseOrder()))
                .toList();
        for (Cpu c : threads.subList(0, Math.min(left, threads.size()))) {
            chosen.add(c.id());
        }
    }
}
