package io.sigmaflow.roadef.domain;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The machines, the planning variable's value range, as an immutable list whose hash is computed
 * once and whose equality tests identity first. Timefold 2.2 hashes and compares the value range
 * once per entity whenever it takes a working solution (its initialization statistics): with an
 * {@code ArrayList} that is O(processes x machines) per call, five calls per run, about 2 s each
 * at 50,000 processes and 5,000 machines on this machine (JFR, docs/decisions.md).
 */
final class MachineList extends AbstractList<Machine> implements RandomAccess {
    private final Machine[] machines;
    private final int hash;

    MachineList(List<Machine> machines) {
        this.machines = machines.toArray(Machine[]::new);
        this.hash = super.hashCode();
    }

    @Override
    public Machine get(int index) {
        return machines[index];
    }

    @Override
    public int size() {
        return machines.length;
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
        if (!(o instanceof List<?> other) || other.size() != machines.length || other.hashCode() != hash) {
            return false;
        }
        for (int i = 0; i < machines.length; i++) {
            Object e = other.get(i);
            if (e != machines[i] && !machines[i].equals(e)) {
                return false;
            }
        }
        return true;
    }
}
