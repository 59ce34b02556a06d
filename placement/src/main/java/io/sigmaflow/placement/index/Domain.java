package io.sigmaflow.placement.index;

import io.sigmaflow.placement.framework.DomainView;
import io.sigmaflow.schema.TopologyLevel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One failure domain of the index's tree (root, then one level per configured topology level) with
 * a summary of the nodes below it. Children are kept sorted by name and nodes by id, so every walk
 * over the tree visits them in the same order whatever the order of the events that built it.
 */
public final class Domain implements DomainView {
    private static final Comparator<Domain> BY_NAME = Comparator.comparing(Domain::name);
    private static final Comparator<NodeInfo> BY_ID = Comparator.comparing(NodeInfo::id);

    private final int id;
    private final int levelIndex;
    private final TopologyLevel level;
    private final String name;
    private final Domain parent;
    private final boolean leaf;
    // Plain arrays, not lists: the placer walks them for every pod.
    private Domain[] children = new Domain[0];
    private int childCount;
    private NodeInfo[] members = new NodeInfo[0];
    private int memberCount;

    /** The maxima of a domain without nodes: below any request, even a request of 0. */
    static final long NO_NODE = Long.MIN_VALUE;

    // Summary of every node below this domain (see DomainView). Maxima are NO_NODE when there is no node.
    /** Changes (index-wide unique) whenever the summary does: lets callers cache what they derive from it. */
    long version;
    int nodeCount;
    int schedulable;
    long maxFreeCpu = NO_NODE;
    long maxFreeMemory = NO_NODE;
    long maxFreeDisk = NO_NODE;
    long freeCpu;
    long freeMemory;
    long allocatableCpu;
    long allocatableMemory;

    Domain(int id, int levelIndex, TopologyLevel level, String name, Domain parent, boolean leaf) {
        this.id = id;
        this.levelIndex = levelIndex;
        this.level = level;
        this.name = name;
        this.parent = parent;
        this.leaf = leaf;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public int levelIndex() {
        return levelIndex;
    }

    @Override
    public TopologyLevel level() {
        return level;
    }

    @Override
    public String name() {
        return name;
    }

    /** A stamp that changes whenever this domain's summary changes; unique across the index's domains. */
    public long version() {
        return version;
    }

    public Domain parent() {
        return parent;
    }

    /** True for the last configured level: its members are nodes, not domains. */
    public boolean isLeaf() {
        return leaf;
    }

    /** Child domains sorted by name (empty for a leaf). */
    public List<Domain> children() {
        return List.of(Arrays.copyOf(children, childCount));
    }

    public int childCount() {
        return childCount;
    }

    /** The {@code i}-th child in name order. */
    public Domain childAt(int i) {
        return children[i];
    }

    /** The nodes of a leaf, sorted by id (empty unless {@link #isLeaf()}). */
    public List<NodeInfo> nodeList() {
        return List.of(Arrays.copyOf(members, memberCount));
    }

    public int memberCount() {
        return memberCount;
    }

    /** The {@code i}-th node of a leaf in id order. */
    public NodeInfo memberAt(int i) {
        return members[i];
    }

    @Override
    public int nodes() {
        return nodeCount;
    }

    @Override
    public int schedulableNodes() {
        return schedulable;
    }

    @Override
    public long maxFreeCpu() {
        return maxFreeCpu;
    }

    @Override
    public long maxFreeMemory() {
        return maxFreeMemory;
    }

    @Override
    public long maxFreeDisk() {
        return maxFreeDisk;
    }

    @Override
    public long freeCpu() {
        return freeCpu;
    }

    @Override
    public long freeMemory() {
        return freeMemory;
    }

    @Override
    public long allocatableCpu() {
        return allocatableCpu;
    }

    @Override
    public long allocatableMemory() {
        return allocatableMemory;
    }

    Domain child(String childName) {
        int lo = 0;
        int hi = childCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = children[mid].name.compareTo(childName);
            if (c == 0) {
                return children[mid];
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    void addChild(Domain child) {
        int i = -Arrays.binarySearch(children, 0, childCount, child, BY_NAME) - 1;
        children = insert(children, childCount++, i, child);
    }

    void removeChild(Domain child) {
        int i = Arrays.binarySearch(children, 0, childCount, child, BY_NAME);
        System.arraycopy(children, i + 1, children, i, childCount - i - 1);
        children[--childCount] = null;
    }

    void addNode(NodeInfo node) {
        int i = -Arrays.binarySearch(members, 0, memberCount, node, BY_ID) - 1;
        members = insert(members, memberCount++, i, node);
    }

    void removeNode(NodeInfo node) {
        int i = Arrays.binarySearch(members, 0, memberCount, node, BY_ID);
        System.arraycopy(members, i + 1, members, i, memberCount - i - 1);
        members[--memberCount] = null;
    }

    private static <T> T[] insert(T[] array, int size, int at, T value) {
        T[] target = size < array.length ? array : Arrays.copyOf(array, Math.max(4, size * 2));
        System.arraycopy(array, at, target, at + 1, size - at);
        if (target != array) {
            System.arraycopy(array, 0, target, 0, at);
        }
        target[at] = value;
        return target;
    }

    /**
     * Updates the maxima after one child's maxima moved from {@code old*} to its current values, in
     * O(1) unless that child held a maximum and lowered it (then O(children)). Returns true when
     * this domain's maxima changed.
     */
    boolean childMaximaChanged(Domain child, long oldCpu, long oldMemory, long oldDisk) {
        boolean rescan = lowered(maxFreeCpu, oldCpu, child.maxFreeCpu)
                || lowered(maxFreeMemory, oldMemory, child.maxFreeMemory)
                || lowered(maxFreeDisk, oldDisk, child.maxFreeDisk);
        if (rescan) {
            return recomputeMaxima();
        }
        boolean changed = child.maxFreeCpu > maxFreeCpu || child.maxFreeMemory > maxFreeMemory
                || child.maxFreeDisk > maxFreeDisk;
        maxFreeCpu = Math.max(maxFreeCpu, child.maxFreeCpu);
        maxFreeMemory = Math.max(maxFreeMemory, child.maxFreeMemory);
        maxFreeDisk = Math.max(maxFreeDisk, child.maxFreeDisk);
        return changed;
    }

    /** The child may have been the one holding {@code max} and now holds less. */
    private static boolean lowered(long max, long oldChild, long newChild) {
        return oldChild == max && newChild < oldChild;
    }

    /**
     * Recomputes the three maxima from the members (O(members)). Returns true when any changed, i.e.
     * when the parent's maxima may have to change too.
     */
    boolean recomputeMaxima() {
        long cpu = NO_NODE;
        long mem = NO_NODE;
        long disk = NO_NODE;
        if (leaf) {
            for (int i = 0; i < memberCount; i++) {
                NodeInfo node = members[i];
                cpu = Math.max(cpu, node.freeCpu());
                mem = Math.max(mem, node.freeMemory());
                disk = Math.max(disk, node.freeDisk());
            }
        } else {
            for (int i = 0; i < childCount; i++) {
                Domain d = children[i];
                cpu = Math.max(cpu, d.maxFreeCpu);
                mem = Math.max(mem, d.maxFreeMemory);
                disk = Math.max(disk, d.maxFreeDisk);
            }
        }
        boolean changed = cpu != maxFreeCpu || mem != maxFreeMemory || disk != maxFreeDisk;
        maxFreeCpu = cpu;
        maxFreeMemory = mem;
        maxFreeDisk = disk;
        return changed;
    }

    @Override
    public String toString() {
        return (level == null ? "root" : level + " " + name) + " (" + nodeCount + " nodes)";
    }
}
