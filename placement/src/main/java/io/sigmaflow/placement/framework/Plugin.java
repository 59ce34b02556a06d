package io.sigmaflow.placement.framework;

/** A named step of the placement cycle. The name is what profiles, metrics and outcomes show. */
public interface Plugin {
    String name();
}
