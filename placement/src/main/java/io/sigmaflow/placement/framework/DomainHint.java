package io.sigmaflow.placement.framework;

/**
 * An estimate, from a domain's summary alone, of how well the nodes inside it would score. The placer
 * scores a bounded number of candidates; hints decide which equally-ranked domains (and nodes) it
 * looks at first, so the bounded search still finds good nodes. Higher is explored first. Never a
 * reason to skip a domain.
 *
 * <p>A hint must depend only on the summary (or node) it is given, not on the pod: the placer caches
 * it per domain until the domain's summary changes.
 */
public interface DomainHint {
    double domainHint(DomainView domain);

    double nodeHint(NodeView node);
}
