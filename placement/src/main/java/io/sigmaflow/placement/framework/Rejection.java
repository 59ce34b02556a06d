package io.sigmaflow.placement.framework;

/**
 * Why a filter refused a node. Filters return one of their own constants (never a freshly built
 * message), so a per-node check allocates nothing and rejections can be counted by identity.
 */
public record Rejection(String plugin, String reason) {
    @Override
    public String toString() {
        return plugin + ": " + reason;
    }
}
