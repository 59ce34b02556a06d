package io.sigmaflow.executor.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigmaflow.executor.isolation.CpuTopology.Cpu;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The choice of dedicated CPUs: a table of topologies, what is taken, the request, and the CPUs expected. */
class DedicatedCoresTest {
    /** {@code nodes} NUMA nodes (one socket each) of {@code cores} cores with {@code threads} threads, numbered like Linux: thread t of core c is c + t * total cores. */
    static CpuTopology machine(int nodes, int cores, int threads) {
        List<Cpu> cpus = new ArrayList<>();
        int total = nodes * cores;
        for (int n = 0; n < nodes; n++) {
            for (int c = 0; c < cores; c++) {
                int core = n * cores + c;
                for (int t = 0; t < threads; t++) {
                    cpus.add(new Cpu(core + t * total, n, n, core));
                }
            }
        }
        return new CpuTopology(cpus);
    }

    static Stream<Arguments> table() {
        CpuTopology thisMachine = machine(1, 2, 1);        // CPUs 0, 1
        CpuTopology smt = machine(1, 4, 2);                // cores 0-3, siblings (0,4) (1,5) (2,6) (3,7)
        CpuTopology twoNodes = machine(2, 2, 2);           // node 0: cores 0,1 = (0,4),(1,5); node 1: cores 2,3 = (2,6),(3,7)
        return Stream.of(
                Arguments.of("2 CPUs: one dedicated, CPU 0 stays shared", thisMachine, Set.of(), 1, 1, "1"),
                Arguments.of("2 CPUs: a second one would empty the shared pool", thisMachine, Set.of(1), 1, 1, null),
                Arguments.of("2 CPUs: two at once never", thisMachine, Set.of(), 2, 1, null),
                Arguments.of("SMT: two CPUs are one whole core, the highest", smt, Set.of(), 2, 1, "3,7"),
                Arguments.of("SMT: one CPU takes a thread of a free core, highest first", smt, Set.of(), 1, 1, "7"),
                Arguments.of("SMT: a lone thread fills a half-taken core before breaking a whole one", smt, Set.of(7), 1, 1, "3"),
                Arguments.of("SMT: three CPUs: a whole core, then one thread", smt, Set.of(), 3, 1, "3,6-7"),
                Arguments.of("NUMA: fits in one node: the highest", twoNodes, Set.of(), 2, 1, "3,7"),
                Arguments.of("NUMA: best fit: the fuller node still holds it", twoNodes, Set.of(3, 7), 2, 1, "2,6"),
                Arguments.of("NUMA: four CPUs fit in node 1 only when it is free", twoNodes, Set.of(), 4, 1, "2-3,6-7"),
                Arguments.of("NUMA: a node with a CPU taken still holds four of its own", twoNodes, Set.of(3), 4, 1, "0-1,4-5"),
                Arguments.of("NUMA: spans nodes when no node holds it", twoNodes, Set.of(0, 3), 4, 1, "1,4-5,7"),
                Arguments.of("shared minimum 2 of 8", smt, Set.of(), 7, 2, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void choice(String name, CpuTopology topology, Set<Integer> taken, int count, int sharedMin, String expected) {
        Optional<String> chosen = DedicatedCores.choose(topology, taken, count, sharedMin).map(CpuList::format);
        assertEquals(Optional.ofNullable(expected), chosen, name);
    }

    @Test
    void cpuListsAreSpelledAsTheKernelDoes() {
        assertEquals("0-3,8,10-11", CpuList.format(CpuList.parse("8,0,1,2,3,10,11")));
        assertEquals("", CpuList.format(CpuList.parse(" ")));
        assertEquals("1", CpuList.format(CpuList.parse("1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuList.parse("0-2,x"));
        assertEquals("'x' in CPU list '0-2,x' is not a CPU or a range a-b", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("3-1"));
    }
}
