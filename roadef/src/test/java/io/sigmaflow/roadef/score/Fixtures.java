package io.sigmaflow.roadef.score;

import io.sigmaflow.roadef.domain.CostModel;
import io.sigmaflow.roadef.domain.Machine;
import io.sigmaflow.roadef.domain.Process;
import io.sigmaflow.roadef.domain.ProcessAssignment;
import io.sigmaflow.roadef.domain.Service;
import io.sigmaflow.roadef.io.Balance;
import java.util.List;

/**
 * Small fluent fixtures for constraint tests: two resources (r0 transient, load weights 10 and
 * 1), one balance (r0, r1, target 2, weight 5), move weights process 3, service 7, machine 11.
 */
final class Fixtures {
    static final CostModel COSTS = new CostModel(new long[] {10, 1}, new int[] {0},
            List.of(new Balance(0, 1, 2, 5)), 3, 7, 11);
    /** MMC(from, to) for three machines. */
    private static final int[][] MOVE_COST = {{0, 2, 5}, {2, 0, 1}, {5, 1, 0}};

    private Fixtures() {}

    /** A machine builder; by default capacity (100, 1000), safety equal to capacity, neighborhood and location = id. */
    static MachineBuilder machine(int id) {
        return new MachineBuilder(id);
    }

    static Service service(int id, int spreadMin) {
        return new Service(id, spreadMin, COSTS);
    }

    /** Process {@code id} of {@code service} requiring (r0, r1), with PMC {@code moveCost}, originally on {@code original}. */
    static ProcessAssignment process(int id, Service service, long r0, long r1, long moveCost, Machine original,
            Machine current) {
        Process process = new Process(id, service, new long[] {r0, r1}, COSTS.processMoveWeight() * moveCost);
        return new ProcessAssignment(process, original, current);
    }

    static ProcessAssignment process(int id, Service service, long r0, long r1, Machine machine) {
        return process(id, service, r0, r1, 0, machine, machine);
    }

    static final class MachineBuilder {
        private final int id;
        private int neighborhood;
        private int location;
        private long[] capacity = {100, 1000};
        private long[] safety;

        private MachineBuilder(int id) {
            this.id = id;
            this.neighborhood = id;
            this.location = id;
        }

        MachineBuilder neighborhood(int n) {
            this.neighborhood = n;
            return this;
        }

        MachineBuilder location(int l) {
            this.location = l;
            return this;
        }

        MachineBuilder capacity(long r0, long r1) {
            this.capacity = new long[] {r0, r1};
            return this;
        }

        MachineBuilder safety(long r0, long r1) {
            this.safety = new long[] {r0, r1};
            return this;
        }

        Machine build() {
            return new Machine(id, neighborhood, location, capacity, safety == null ? capacity : safety,
                    MOVE_COST[id], COSTS);
        }
    }
}
