package io.sigmaflow.solver.core;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A planning variable's value range (machines, nodes) as an immutable list whose hash is computed
 * once and whose equality tests identity first. Timefold 2.2 hashes and compares the value range
 * once per entity whenever it takes a working solution (its initialization statistics): with an
 * {@code ArrayList} that is O(entities x values) per call, several calls per run: about 2 s each
 * at 50,000 processes on 5,000 machines, and at 10,000 nodes / 159,000 pods the rebalancer spent
 * its whole 60 s budget there (JFR and jstack, docs/decisions.md).
 */
public final class ValueRangeList<T> extends AbstractList<T> implements RandomAccess {
    /** Timefold reads a list-typed value range through {@code Collections.unmodifiableList}: a new view each time. */
    private static final Class<?> UNMODIFIABLE_VIEW = java.util.Collections.unmodifiableList(new java.util.ArrayList<>()).getClass();

    private final Object[] values;
    private final int hash;

    public ValueRangeList(List<? extends T> values) {
        this.values = values.toArray();
        this.hash = super.hashCode();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        return (T) values[index];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Element by element, but by identity before {@code equals} and only once the hashes agree. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o != null && o.getClass() == UNMODIFIABLE_VIEW) {
            // The view compares what it wraps with this: identity when it wraps this very list. Without
            // it every pass compared 10,000 nodes element by element per pod (JFR, docs/decisions.md).
            return o.equals(this);
        }
        if (!(o instanceof List<?> other) || other.size() != values.length || other.hashCode() != hash) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            Object e = other.get(i);
            if (e != values[i] && !values[i].equals(e)) {
                return false;
            }
        }
        return true;
    }
}
