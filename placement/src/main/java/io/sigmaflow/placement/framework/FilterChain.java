package io.sigmaflow.placement.framework;

import io.sigmaflow.placement.model.Pod;
import java.util.List;

/**
 * The enabled filters in profile order. {@link #prepare} runs every plugin's PreFilter once for a
 * pod; the returned cycle then checks nodes. Shared by the placer and by anything else that needs
 * "may this pod run on this node" (the rebalancer's node eligibility), so both apply the same rules.
 */
public final class FilterChain {
    private final FilterPlugin<Object>[] filters;
    /** Positions of the filters that override {@link FilterPlugin#mayPassIn}: only they can rule a domain out. */
    private final int[] summarizing;
    private final List<FilterPlugin<?>> plugins;

    @SuppressWarnings("unchecked")
    public FilterChain(List<? extends FilterPlugin<?>> filters) {
        this.plugins = List.copyOf(filters);
        // Each plugin only ever receives the state its own prepare() returned, so the cast is safe.
        this.filters = plugins.toArray(new FilterPlugin[0]);
        this.summarizing = java.util.stream.IntStream.range(0, this.filters.length)
                .filter(i -> overridesMayPassIn(this.filters[i]))
                .toArray();
    }

    private static boolean overridesMayPassIn(FilterPlugin<?> plugin) {
        for (Class<?> c = plugin.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("mayPassIn") && m.getParameterCount() == 3) {
                    return true;
                }
            }
        }
        return false;
    }

    public List<FilterPlugin<?>> plugins() {
        return plugins;
    }

    public FilterCycle prepare(Pod pod, ClusterView cluster) {
        Object[] states = new Object[filters.length];
        for (int i = 0; i < filters.length; i++) {
            states[i] = filters[i].prepare(pod, cluster);
        }
        return new FilterCycle(pod, states);
    }

    /** Convenience for one-off checks: prepares and checks a single node. Null when it passes. */
    public Rejection firstRejection(Pod pod, NodeView node, ClusterView cluster) {
        return prepare(pod, cluster).firstRejection(node);
    }

    /** The filters prepared for one pod. Not thread-safe; cheap to create. */
    public final class FilterCycle {
        private final Pod pod;
        private final Object[] states;

        private FilterCycle(Pod pod, Object[] states) {
            this.pod = pod;
            this.states = states;
        }

        public Pod pod() {
            return pod;
        }

        /** Null when {@code node} passes every filter, else the first filter's rejection. */
        public Rejection firstRejection(NodeView node) {
            for (int i = 0; i < filters.length; i++) {
                Rejection r = filters[i].filter(states[i], pod, node);
                if (r != null) {
                    return r;
                }
            }
            return null;
        }

        public boolean passes(NodeView node) {
            return firstRejection(node) == null;
        }

        /** False when some filter proves that no node of {@code domain} can pass. */
        public boolean mayPassIn(DomainView domain) {
            for (int i : summarizing) {
                if (!filters[i].mayPassIn(states[i], pod, domain)) {
                    return false;
                }
            }
            return true;
        }
    }
}
