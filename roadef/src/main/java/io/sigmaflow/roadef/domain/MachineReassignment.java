package io.sigmaflow.roadef.domain;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.roadef.io.Instance;
import java.util.ArrayList;
import io.sigmaflow.solver.core.ValueRangeList;
import java.util.List;

/** The planning solution: one ROADEF instance with a current assignment of every process. */
@PlanningSolution
public class MachineReassignment {
    private String name;
    @ProblemFactCollectionProperty
    @ValueRangeProvider
    private List<Machine> machines;
    @ProblemFactCollectionProperty
    private List<Service> services;
    @ProblemFactCollectionProperty
    private List<ServiceDependency> dependencies;
    @PlanningEntityCollectionProperty
    private List<ProcessAssignment> assignments;
    @PlanningScore
    private HardSoftScore score;

    /** For Timefold's solution cloner. */
    public MachineReassignment() {}

    public MachineReassignment(String name, List<Machine> machines, List<Service> services,
            List<ServiceDependency> dependencies, List<ProcessAssignment> assignments) {
        this.name = name;
        this.machines = machines instanceof ValueRangeList ? machines : new ValueRangeList<>(machines);
        this.services = services;
        this.dependencies = dependencies;
        this.assignments = assignments;
    }

    /**
     * The model of {@code instance} with processes originally on {@code original} (what move costs
     * count from) and currently on {@code start} (the warm start; often the same array).
     */
    public static MachineReassignment of(Instance instance, int[] original, int[] start) {
        List<Integer> transientResources = new ArrayList<>();
        for (int r = 0; r < instance.resourceCount(); r++) {
            if (instance.transientResource()[r]) {
                transientResources.add(r);
            }
        }
        CostModel costs = new CostModel(instance.loadCostWeight(),
                transientResources.stream().mapToInt(Integer::intValue).toArray(), instance.balances(),
                instance.processMoveWeight(), instance.serviceMoveWeight(), instance.machineMoveWeight());
        List<Machine> machines = new ArrayList<>(instance.machineCount());
        for (int m = 0; m < instance.machineCount(); m++) {
            machines.add(new Machine(m, instance.neighborhood()[m], instance.location()[m], instance.capacity()[m],
                    instance.safetyCapacity()[m], instance.machineMoveCost()[m], costs));
        }
        List<Service> services = new ArrayList<>(instance.serviceCount());
        for (int s = 0; s < instance.serviceCount(); s++) {
            services.add(new Service(s, instance.spreadMin()[s], costs));
        }
        List<ServiceDependency> dependencies = new ArrayList<>();
        for (int s = 0; s < instance.serviceCount(); s++) {
            for (int required : instance.dependsOn()[s]) {
                dependencies.add(new ServiceDependency(services.get(s), services.get(required)));
            }
        }
        List<ProcessAssignment> assignments = new ArrayList<>(instance.processCount());
        for (int p = 0; p < instance.processCount(); p++) {
            Process process = new Process(p, services.get(instance.serviceOfProcess()[p]), instance.requirement()[p],
                    Math.multiplyExact(instance.processMoveWeight(), instance.processMoveCost()[p]));
            assignments.add(new ProcessAssignment(process, machines.get(original[p]), machines.get(start[p])));
        }
        return new MachineReassignment(instance.name(), machines, services, dependencies, assignments);
    }

    /** The current machine index of every process, in process order: the official solution format. */
    public int[] toAssignment() {
        int[] machineOf = new int[assignments.size()];
        for (ProcessAssignment a : assignments) {
            machineOf[a.getId()] = a.getMachine().getId();
        }
        return machineOf;
    }

    public String getName() {
        return name;
    }

    public List<Machine> getMachines() {
        return machines;
    }

    public List<Service> getServices() {
        return services;
    }

    public List<ServiceDependency> getDependencies() {
        return dependencies;
    }

    public List<ProcessAssignment> getAssignments() {
        return assignments;
    }

    public HardSoftScore getScore() {
        return score;
    }

    public void setScore(HardSoftScore score) {
        this.score = score;
    }
}
