package io.sigmaflow.cli.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recounts a benchmark's correctness from its two CSV files alone, with its own plain data
 * structures (nothing from the placer's index), by replaying the placements in commit order:
 * <ul>
 *   <li>overcommitted nodes: nodes whose committed cpu or memory exceeds what {@code nodes.csv} says;</li>
 *   <li>avoidable co-locations (issue 3's definition): a pod counts when, at some topology level
 *       (core switch, chassis, host), it was committed into a domain already holding more pods of its
 *       app than another domain of that level under the same parent that had a node with room for it
 *       (cpu and memory) at that moment. Each pod counts once, at the widest such level.</li>
 * </ul>
 * Brute force on purpose: the lower-count sibling domains are scanned node by node.
 */
public final class RecountChecker {

    /**
     * @param avoidableByLevel avoidable co-locations counted at core switch, chassis, host level
     * @param unknownNodes placements on a node that {@code nodes.csv} does not list (not replayed)
     * @param duplicatePods placements of a pod id already placed (not replayed)
     */
    public record Recount(int placements, int overcommittedNodes, int avoidableColocations, int[] avoidableByLevel,
                          int unknownNodes, int duplicatePods) {
        public boolean clean() {
            return overcommittedNodes == 0 && avoidableColocations == 0 && unknownNodes == 0 && duplicatePods == 0;
        }
    }

    private final List<NodeRow> nodes;
    private final long[] freeCpu;
    private final long[] freeMemory;
    private final Map<String, Integer> nodeIndex = new HashMap<>();
    private final int[] switchOf;
    private final int[] chassisOf;
    private final List<List<Integer>> nodesOfSwitch = new ArrayList<>();
    private final List<List<Integer>> nodesOfChassis = new ArrayList<>();
    private final List<List<Integer>> chassisOfSwitch = new ArrayList<>();
    /** (app number, level, domain) packed in a long -> pods of the app there. */
    private final Map<Long, Integer> counts = new HashMap<>();
    private final Map<String, Integer> appNumbers = new HashMap<>();

    private RecountChecker(List<NodeRow> nodes) {
        this.nodes = nodes;
        this.freeCpu = new long[nodes.size()];
        this.freeMemory = new long[nodes.size()];
        this.switchOf = new int[nodes.size()];
        this.chassisOf = new int[nodes.size()];
        Map<String, Integer> switches = new HashMap<>();
        Map<String, Integer> chassis = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeRow n = nodes.get(i);
            if (nodeIndex.put(n.node(), i) != null) {
                throw new IllegalArgumentException("nodes.csv lists node " + n.node() + " twice");
            }
            freeCpu[i] = n.cpuMillis();
            freeMemory[i] = n.memoryMb();
            int s = switches.computeIfAbsent(n.coreSwitch(), k -> {
                nodesOfSwitch.add(new ArrayList<>());
                chassisOfSwitch.add(new ArrayList<>());
                return nodesOfSwitch.size() - 1;
            });
            // A chassis belongs to its switch: the same name under two switches is two chassis.
            int c = chassis.computeIfAbsent(n.coreSwitch() + "/" + n.chassis(), k -> {
                int id = nodesOfChassis.size();
                nodesOfChassis.add(new ArrayList<>());
                chassisOfSwitch.get(s).add(id);
                return id;
            });
            switchOf[i] = s;
            chassisOf[i] = c;
            nodesOfSwitch.get(s).add(i);
            nodesOfChassis.get(c).add(i);
        }
    }

    public static Recount check(List<NodeRow> nodes, List<PlacementRow> placements) {
        return new RecountChecker(nodes).replay(placements);
    }

    private Recount replay(List<PlacementRow> placements) {
        List<PlacementRow> ordered = new ArrayList<>(placements);
        ordered.sort(Comparator.comparingLong(PlacementRow::order));
        Set<String> seenPods = new HashSet<>();
        int unknown = 0;
        int duplicates = 0;
        int[] byLevel = new int[3];
        for (PlacementRow p : ordered) {
            Integer node = nodeIndex.get(p.node());
            if (node == null) {
                unknown++;
                continue;
            }
            if (!seenPods.add(p.pod())) {
                duplicates++;
                continue;
            }
            int level = avoidableLevel(p, node);
            if (level >= 0) {
                byLevel[level]++;
            }
            freeCpu[node] -= p.cpuMillis();
            freeMemory[node] -= p.memoryMb();
            add(p.app(), 0, switchOf[node]);
            add(p.app(), 1, chassisOf[node]);
            add(p.app(), 2, node);
        }
        int overcommitted = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (freeCpu[i] < 0 || freeMemory[i] < 0) {
                overcommitted++;
            }
        }
        return new Recount(ordered.size(), overcommitted, byLevel[0] + byLevel[1] + byLevel[2], byLevel, unknown,
                duplicates);
    }

    /** The widest level at which committing {@code p} on {@code node} was an avoidable co-location, or -1. */
    private int avoidableLevel(PlacementRow p, int node) {
        String app = p.app();
        int sw = switchOf[node];
        int chosen = count(app, 0, sw);
        for (int other = 0; other < nodesOfSwitch.size(); other++) {
            if (other != sw && count(app, 0, other) < chosen && anyRoom(nodesOfSwitch.get(other), p)) {
                return 0;
            }
        }
        int ch = chassisOf[node];
        chosen = count(app, 1, ch);
        for (int other : chassisOfSwitch.get(sw)) {
            if (other != ch && count(app, 1, other) < chosen && anyRoom(nodesOfChassis.get(other), p)) {
                return 1;
            }
        }
        chosen = count(app, 2, node);
        for (int other : nodesOfChassis.get(ch)) {
            if (other != node && count(app, 2, other) < chosen && hasRoom(other, p)) {
                return 2;
            }
        }
        return -1;
    }

    private boolean anyRoom(List<Integer> members, PlacementRow p) {
        for (int n : members) {
            if (hasRoom(n, p)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasRoom(int n, PlacementRow p) {
        return freeCpu[n] >= p.cpuMillis() && freeMemory[n] >= p.memoryMb();
    }

    private int count(String app, int level, int domain) {
        return counts.getOrDefault(key(app, level, domain), 0);
    }

    private void add(String app, int level, int domain) {
        counts.merge(key(app, level, domain), 1, Integer::sum);
    }

    private long key(String app, int level, int domain) {
        long number = appNumbers.computeIfAbsent(app, a -> appNumbers.size());
        // Scrambled: Long.hashCode of the plain packing collides heavily.
        return ((number << 34) | ((long) level << 32) | domain) * 0x9E3779B97F4A7C15L;
    }
}
