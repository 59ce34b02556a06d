package io.sigmaflow.cli.ops;

import io.sigmaflow.cli.ops.FilterVerdicts.NodeVerdict;
import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.Taint;
import io.sigmaflow.placement.plugins.nodeschedulable.NodeSchedulable;
import io.sigmaflow.placement.plugins.noderesources.NodeResourcesFit;
import io.sigmaflow.placement.plugins.nodeselector.NodeSelector;
import io.sigmaflow.placement.plugins.tainttoleration.TaintToleration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What would make a pending pod fit, from the recomputed verdicts: the nodes that fail exactly one
 * filter are one change away, and each filter's change is said in the operator's terms (free this
 * much cpu on that node, uncordon it, add this toleration, label a node). Nodes failing several
 * filters are only mentioned when no node is one change away.
 */
final class FitHints {
    private FitHints() {}

    static List<String> of(Pod pod, FilterVerdicts verdicts) {
        List<String> hints = new ArrayList<>();
        if (verdicts.nodes().isEmpty()) {
            hints.add("register a node: node-state has none");
            return hints;
        }
        Map<String, List<NodeVerdict>> oneAway = new TreeMap<>();
        for (NodeVerdict v : verdicts.nodes()) {
            List<String> failing = v.rejections().stream().map(Rejection::plugin).distinct().toList();
            if (failing.size() == 1) {
                oneAway.computeIfAbsent(failing.get(0), f -> new ArrayList<>()).add(v);
            }
        }
        for (String filter : verdicts.filters()) {
            List<NodeVerdict> nodes = oneAway.get(filter);
            if (nodes != null) {
                hints.add(hint(filter, pod, nodes));
            }
        }
        if (hints.isEmpty()) {
            NodeVerdict closest = verdicts.nodes().stream()
                    .min(Comparator.comparingInt((NodeVerdict v) -> v.rejections().size())
                            .thenComparing(v -> v.node().id()))
                    .orElseThrow();
            hints.add("every node fails two or more filters; the closest, " + closest.node().id() + ", fails "
                    + String.join(", ", closest.rejections().stream().map(Rejection::plugin).distinct().toList()));
        }
        return hints;
    }

    private static String hint(String filter, Pod pod, List<NodeVerdict> nodes) {
        return switch (filter) {
            case NodeResourcesFit.NAME -> resources(pod, nodes);
            case TaintToleration.NAME -> taints(pod, nodes);
            case NodeSelector.NAME -> nodes.size() + " node(s) pass every other filter but lack the labels "
                    + selector(pod) + " (" + ids(nodes) + "): label one, or change the app's nodeSelector";
            case NodeSchedulable.NAME -> nodes.size() + " node(s) pass every other filter but are unschedulable ("
                    + ids(nodes) + "): drained or silent; their executor must register again";
            default -> nodes.size() + " node(s) pass every other filter but " + filter + " ("
                    + nodes.get(0).rejections().get(0).reason() + "): " + ids(nodes);
        };
    }

    /** The node needing the least more room (cpu, then memory, in units of the pod's request). */
    private static String resources(Pod pod, List<NodeVerdict> nodes) {
        long cpu = pod.requests().cpuMillis();
        long memory = pod.requests().memoryMb();
        long maxCpu = nodes.stream().mapToLong(v -> v.node().allocatableCpu()).max().orElse(0);
        long maxMemory = nodes.stream().mapToLong(v -> v.node().allocatableMemory()).max().orElse(0);
        if (cpu > maxCpu || memory > maxMemory) {
            return "no node is large enough even empty: the pod asks " + cpu + "m cpu / " + memory
                    + " MiB, the largest eligible node offers " + maxCpu + "m / " + maxMemory
                    + " MiB; add a larger node or make the pod smaller";
        }
        NodeInfo best = null;
        double bestShort = Double.MAX_VALUE;
        for (NodeVerdict v : nodes) {
            NodeInfo n = v.node();
            if (n.allocatableCpu() < cpu || n.allocatableMemory() < memory) {
                continue;
            }
            double shortfall = Math.max(0, cpu - n.freeCpu()) / (double) Math.max(1, cpu)
                    + Math.max(0, memory - n.freeMemory()) / (double) Math.max(1, memory);
            if (shortfall < bestShort) {
                bestShort = shortfall;
                best = n;
            }
        }
        long needCpu = Math.max(0, cpu - best.freeCpu());
        long needMemory = Math.max(0, memory - best.freeMemory());
        List<String> needs = new ArrayList<>();
        if (needCpu > 0) {
            needs.add(needCpu + "m cpu");
        }
        if (needMemory > 0) {
            needs.add(needMemory + " MiB memory");
        }
        return "needs " + String.join(" and ", needs) + " more on " + best.id() + " (switch "
                + best.location().coreSwitch() + ", chassis " + best.location().chassis() + "; " + nodes.size()
                + " node(s) lack only room): scale another app down there, or add capacity";
    }

    private static String taints(Pod pod, List<NodeVerdict> nodes) {
        TreeSet<String> cordoned = new TreeSet<>();
        TreeMap<String, Integer> untolerated = new TreeMap<>();
        for (NodeVerdict v : nodes) {
            for (Taint t : v.node().taints()) {
                if (!t.forbidsPlacement() || pod.tolerations().stream().anyMatch(tol -> tol.tolerates(t))) {
                    continue;
                }
                if (Cordon.KEY.equals(t.key())) {
                    cordoned.add(v.node().id());
                } else {
                    untolerated.merge("{key: " + t.key() + (t.value() == null ? "" : ", value: " + t.value())
                            + ", effect: " + effect(t) + "}", 1, Integer::sum);
                }
            }
        }
        List<String> parts = new ArrayList<>();
        if (!cordoned.isEmpty()) {
            parts.add("uncordon " + String.join(", ", cordoned) + " (./sigma node uncordon NODE)");
        }
        untolerated.forEach((toleration, n) -> parts.add("add toleration " + toleration + " (" + n + " node(s))"));
        return String.join("; or ", parts);
    }

    private static String effect(Taint t) {
        return switch (t.effect()) {
            case NO_SCHEDULE -> "NoSchedule";
            case PREFER_NO_SCHEDULE -> "PreferNoSchedule";
            case NO_EXECUTE -> "NoExecute";
        };
    }

    private static String selector(Pod pod) {
        return new TreeMap<>(pod.nodeSelector()).toString();
    }

    private static String ids(List<NodeVerdict> nodes) {
        List<String> ids = nodes.stream().map(v -> v.node().id()).toList();
        return ids.size() <= 6 ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 6)) + " and " + (ids.size() - 6) + " more";
    }
}
