package io.sigmaflow.placement.model;

import io.sigmaflow.schema.TaintEffect;
import java.util.Objects;

/**
 * Lets a pod land on nodes with a matching taint. A null value tolerates any value of the key; a
 * null effect tolerates every effect (the wire schema's rule).
 */
public record Toleration(String key, String value, TaintEffect effect) {
    public Toleration {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("toleration key must not be blank");
        }
    }

    public boolean tolerates(Taint taint) {
        return key.equals(taint.key())
                && (value == null || Objects.equals(value, taint.value()))
                && (effect == null || effect == taint.effect());
    }
}
