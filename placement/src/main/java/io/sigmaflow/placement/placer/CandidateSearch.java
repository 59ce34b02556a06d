package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.framework.FilterChain.FilterCycle;
import io.sigmaflow.placement.framework.ScoreChain;
import io.sigmaflow.placement.framework.ScoreChain.ScoreCycle;
import io.sigmaflow.placement.index.Domain;
import io.sigmaflow.placement.index.NodeInfo;
import java.util.Arrays;

/**
 * Finds the candidate nodes of one pod by descending the topology tree, widest level first.
 *
 * <p>At each domain, the children that the filters' summaries do not rule out are grouped by the
 * domain preference's rank (dispersion: pods of the app already there) and the groups are tried in
 * increasing rank. The first group in which some child yields a node that passes every filter is
 * the only one used: the pod never lands in a domain while a sibling of lower rank has a feasible
 * node (docs/design.md invariant 3). Within a group, children are visited in decreasing hint, then by
 * name, and the search stops once {@code limit} feasible nodes are collected. A group or domain is
 * only given up after all its nodes failed, so a pod fits somewhere if and only if this finds a node.
 *
 * <p>Cost: per level, one rank and summary check per child of the visited domains, plus one filter
 * run per node collected; nothing is proportional to the number of nodes unless most of them fail
 * the filters for reasons the summaries cannot see (labels, taints). Reused scratch arrays; not
 * thread-safe.
 */
final class CandidateSearch {
    private final int limit;
    private NodeInfo[] found;
    private int foundCount;
    private FilterCycle filters;
    private ScoreCycle scores;

    // Scratch per tree depth: ranks packed with child positions, hints, visiting order.
    private long[][] rankedPositions = new long[4][16];
    private long[][] hintKeys = new long[4][16];
    private int[][] groupOrder = new int[4][16];

    private final ScoreChain scoreChain;
    private final boolean hasHints;
    // Hints depend on a domain's summary only: cached per domain id, valid while its version holds.
    private double[] hintCache = new double[64];
    private long[] hintVersion = new long[64];

    /** @param limit most candidates collected per pod; 0 for no limit */
    CandidateSearch(int limit, int capacityHint, ScoreChain scoreChain) {
        this.limit = limit == 0 ? Integer.MAX_VALUE : limit;
        this.found = new NodeInfo[limit == 0 ? Math.max(16, capacityHint) : limit];
        this.scoreChain = scoreChain;
        this.hasHints = scoreChain.hasHints();
    }

    private double cachedHint(Domain domain) {
        int id = domain.id();
        if (id >= hintCache.length) {
            int n = Math.max(id + 1, hintCache.length * 2);
            hintCache = Arrays.copyOf(hintCache, n);
            hintVersion = Arrays.copyOf(hintVersion, n);
        }
        // Versions start at 1, so a fresh slot (0) never matches.
        if (hintVersion[id] != domain.version()) {
            hintVersion[id] = domain.version();
            hintCache[id] = scoreChain.hint(domain);
        }
        return hintCache[id];
    }

    /** Collects the candidates below {@code root}; returns how many ({@link #candidates()} holds them). */
    int search(Domain root, FilterCycle filterCycle, ScoreCycle scoreCycle) {
        this.filters = filterCycle;
        this.scores = scoreCycle;
        this.foundCount = 0;
        if (filters.mayPassIn(root)) {
            searchChildren(root, 0);
        }
        this.filters = null;
        this.scores = null;
        return foundCount;
    }

    NodeInfo[] candidates() {
        return found;
    }

    /** True when at least one feasible node was found below {@code domain}. */
    private boolean searchChildren(Domain domain, int depth) {
        ensureDepth(depth);
        int size = domain.childCount();
        ensureWidth(depth, size);
        long[] ranked = rankedPositions[depth];
        boolean equalRanks = scores.ranksChildrenEqually(domain);
        int n = 0;
        for (int i = 0; i < size; i++) {
            Domain child = domain.childAt(i);
            if (filters.mayPassIn(child)) {
                // Rank in the high bits, the child's position (name order) in the low 24: one sort
                // orders both. Positions, not references: no GC write barrier in this loop.
                ranked[n++] = equalRanks ? i : (Math.max(0, scores.rank(child)) << 24) | i;
            }
        }
        if (!equalRanks) {
            Arrays.sort(ranked, 0, n);
        }
        boolean foundAny = false;
        int i = 0;
        while (i < n) {
            long rank = ranked[i] >>> 24;
            int j = i;
            while (j < n && ranked[j] >>> 24 == rank) {
                j++;
            }
            // When every member of the group will be visited anyway (single-node leaves, room for
            // all of them), the visiting order cannot change the candidate set: skip the hints.
            boolean visitAll = j - i <= limit - foundCount && allSingleNode(domain, ranked, i, j);
            int[] order = visitAll ? nameOrder(depth, ranked, i, j) : orderByHint(depth, domain, ranked, i, j);
            for (int k = 0; k < j - i; k++) {
                Domain child = domain.childAt(order[k]);
                boolean hit = child.isLeaf() ? searchNodes(child) : searchChildren(child, depth + 1);
                foundAny |= hit;
                if (foundCount >= limit) {
                    return true;
                }
            }
            if (foundAny) {
                return true;
            }
            i = j;
        }
        return false;
    }

    /** True when every child of the group is a leaf holding exactly one node. */
    private static boolean allSingleNode(Domain domain, long[] ranked, int from, int to) {
        for (int k = from; k < to; k++) {
            Domain child = domain.childAt((int) (ranked[k] & 0xFFFFFF));
            if (!child.isLeaf() || child.memberCount() != 1) {
                return false;
            }
        }
        return true;
    }

    private int[] nameOrder(int depth, long[] ranked, int from, int to) {
        int[] order = groupOrder[depth];
        for (int k = 0; k < to - from; k++) {
            order[k] = (int) (ranked[from + k] & 0xFFFFFF);
        }
        return order;
    }

    /** Positions of the group {@code ranked[from..to)} in decreasing hint, ties in name order. */
    private int[] orderByHint(int depth, Domain domain, long[] ranked, int from, int to) {
        int[] order = groupOrder[depth];
        int size = to - from;
        if (size == 1 || !hasHints) {
            return nameOrder(depth, ranked, from, to);
        }
        long[] keys = hintKeys[depth];
        for (int k = 0; k < size; k++) {
            int position = (int) (ranked[from + k] & 0xFFFFFF);
            keys[k] = hintKey(cachedHint(domain.childAt(position)), position);
        }
        return sortedPositions(keys, order, size);
    }

    private boolean searchNodes(Domain leaf) {
        int size = leaf.memberCount();
        if (size == 1) {
            return tryNode(leaf.memberAt(0));
        }
        int depth = groupOrder.length - 1;
        ensureWidth(depth, size);
        long[] keys = hintKeys[depth];
        for (int k = 0; k < size; k++) {
            keys[k] = hintKey(hasHints ? scores.hint(leaf.memberAt(k)) : 0, k);
        }
        int[] order = sortedPositions(keys, groupOrder[depth], size);
        boolean foundAny = false;
        for (int k = 0; k < size && foundCount < limit; k++) {
            foundAny |= tryNode(leaf.memberAt(order[k]));
        }
        return foundAny;
    }

    /**
     * A sort key that orders by decreasing hint, then increasing position: the hint rounded to a
     * float (it is a heuristic), made monotone as a signed int and inverted, above the 24-bit
     * position. One primitive sort then replaces a comparator over two arrays.
     */
    static long hintKey(double hint, int position) {
        int bits = Float.floatToIntBits(Double.isNaN(hint) ? 0f : (float) hint);
        int monotone = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        long descending = (long) Integer.MAX_VALUE - monotone;
        return (descending << 24) | position;
    }

    private static int[] sortedPositions(long[] keys, int[] order, int size) {
        Arrays.sort(keys, 0, size);
        for (int k = 0; k < size; k++) {
            order[k] = (int) (keys[k] & 0xFFFFFF);
        }
        return order;
    }

    private boolean tryNode(NodeInfo node) {
        if (filters.firstRejection(node) != null) {
            return false;
        }
        if (foundCount == found.length) {
            found = Arrays.copyOf(found, found.length * 2); // only without a limit
        }
        found[foundCount++] = node;
        return true;
    }

    private void ensureDepth(int depth) {
        // Depth d uses row d; the last row doubles as scratch for the nodes of a leaf.
        if (depth + 2 > groupOrder.length) {
            int rows = depth + 2;
            rankedPositions = Arrays.copyOf(rankedPositions, rows);
            hintKeys = Arrays.copyOf(hintKeys, rows);
            groupOrder = Arrays.copyOf(groupOrder, rows);
            for (int r = 0; r < rows; r++) {
                if (groupOrder[r] == null) {
                    rankedPositions[r] = new long[16];
                    hintKeys[r] = new long[16];
                    groupOrder[r] = new int[16];
                }
            }
        }
    }

    private void ensureWidth(int depth, int width) {
        if (groupOrder[depth].length < width) {
            int w = Math.max(width, groupOrder[depth].length * 2);
            rankedPositions[depth] = new long[w];
            hintKeys[depth] = new long[w];
            groupOrder[depth] = new int[w];
        }
    }
}
