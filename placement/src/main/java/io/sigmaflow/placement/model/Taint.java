package io.sigmaflow.placement.model;

import io.sigmaflow.schema.TaintEffect;
import java.util.Objects;

/** A mark on a node that repels pods which do not tolerate it. {@code value} may be null. */
public record Taint(String key, String value, TaintEffect effect) {
    public Taint {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("taint key must not be blank");
        }
        Objects.requireNonNull(effect, "taint effect");
    }

    /** True for effects that forbid placement; PREFER_NO_SCHEDULE is only a preference. */
    public boolean forbidsPlacement() {
        return effect == TaintEffect.NO_SCHEDULE || effect == TaintEffect.NO_EXECUTE;
    }
}
