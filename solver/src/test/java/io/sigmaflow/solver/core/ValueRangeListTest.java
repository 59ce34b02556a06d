package io.sigmaflow.solver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueRangeListTest {
    /** An element that counts how often it is compared by equals. */
    static final class Node {
        static int compared;

        @Override
        public boolean equals(Object o) {
            compared++;
            return o == this;
        }

        @Override
        public int hashCode() {
            return 7;
        }
    }

    @Test
    void aViewOfTheListIsEqualWithoutComparingElements() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            nodes.add(new Node());
        }
        ValueRangeList<Node> range = new ValueRangeList<>(nodes);
        List<Node> view = Collections.unmodifiableList(range);
        Node.compared = 0;
        assertTrue(range.equals(view));
        assertTrue(view.equals(range));
        assertTrue(view.equals(Collections.unmodifiableList(range)));
        assertEquals(0, Node.compared);
        // Another list with the same elements is still equal, element by element (identity first).
        assertEquals(range, new ValueRangeList<>(nodes));
        assertEquals(range, Collections.unmodifiableList(new ValueRangeList<>(nodes)));
        List<Node> fewer = new ArrayList<>(nodes.subList(0, 999));
        fewer.add(new Node());
        assertNotEquals(range, Collections.unmodifiableList(fewer));
    }
}
