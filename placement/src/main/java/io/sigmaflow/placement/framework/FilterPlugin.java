package io.sigmaflow.placement.framework;

import io.sigmaflow.placement.model.Pod;

/**
 * A hard rule: a node that fails it never receives the pod (kube-scheduler's PreFilter + Filter).
 *
 * @param <S> what {@link #prepare} precomputes once per pod (the cycle state of this plugin)
 */
public interface FilterPlugin<S> extends Plugin {

    /** Once per pod, before any node is checked; may return null when nothing is worth precomputing. */
    S prepare(Pod pod, ClusterView cluster);

    /** Null when {@code node} passes, else one of this plugin's constant rejections. Called per node: keep it cheap. */
    Rejection filter(S state, Pod pod, NodeView node);

    /**
     * A necessary condition over a whole domain's summary: false only when no node below
     * {@code domain} can pass {@link #filter}. Lets the placer skip domains without visiting nodes.
     */
    default boolean mayPassIn(S state, Pod pod, DomainView domain) {
        return true;
    }

    /**
     * True when binding more pods never makes a node pass this filter where it failed (resources,
     * labels, taints, condition). The placer then remembers pod shapes that fit nowhere until
     * capacity changes, instead of re-checking every node for each pending pod. A filter that pods
     * can satisfy (inter-pod affinity) must return false.
     */
    default boolean rejectionsSurviveBinds() {
        return true;
    }
}
