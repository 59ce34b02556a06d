package io.sigmaflow.roadef;

import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import io.sigmaflow.roadef.score.RoadefState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The ROADEF data shipped in the module (data/roadef2012), as tests see it from the module directory. */
public final class RoadefData {
    public static final Path ROOT = Path.of("data", "roadef2012");
    public static final Path EXAMPLE_MODEL = ROOT.resolve("example/model_example.txt");
    public static final Path EXAMPLE_INITIAL = ROOT.resolve("example/initial_solution_example.txt");
    public static final Path EXAMPLE_BETTER = ROOT.resolve("example/new_solution_example.txt");
    public static final List<String> A_INSTANCES =
            List.of("a1_1", "a1_2", "a1_3", "a1_4", "a1_5", "a2_1", "a2_2", "a2_3", "a2_4", "a2_5");

    private RoadefData() {}

    public static Path model(String name) {
        return ROOT.resolve("A/model_" + name + ".txt");
    }

    public static Path assignment(String name) {
        return ROOT.resolve("A/assignment_" + name + ".txt");
    }

    public static Instance instance(String name) {
        return InstanceReader.read(model(name));
    }

    public static int[] initial(String name, Instance instance) {
        return AssignmentFile.read(assignment(name), instance);
    }

    /** The incremental state of {@code instance} with every process on its {@code current} machine. */
    public static RoadefState state(Instance instance, int[] initial, int[] current) {
        MachineReassignment solution = MachineReassignment.of(instance, initial, current);
        RoadefState state = new RoadefState(solution);
        state.assignAll(solution);
        return state;
    }

    /** The official cost of the initial assignment, as published with the instance. */
    public static long originalCost(String name) {
        try {
            return Long.parseLong(Files.readString(ROOT.resolve("A/original_cost_" + name + ".txt")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
