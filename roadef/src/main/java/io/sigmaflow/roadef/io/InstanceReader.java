package io.sigmaflow.roadef.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a model file in the official instance format (specification section 2.1), in one streaming pass. */
public final class InstanceReader {
    /** The specification's limits (section 2.3), with headroom; they bound allocations on bad input. */
    private static final int MAX_RESOURCES = 1_000;
    private static final int MAX_MACHINES = 100_000;
    private static final int MAX_SERVICES = 1_000_000;
    private static final int MAX_PROCESSES = 10_000_000;
    private static final int MAX_BALANCES = 1_000;

    private InstanceReader() {}

    public static Instance read(Path model) {
        try (InputStream in = Files.newInputStream(model)) {
            return read(in, model.toString(), instanceName(model));
        } catch (IOException e) {
            throw new RoadefFormatException(model + ": cannot read the model file: " + e.getMessage());
        }
    }

    /** The instance's short name from its file name: {@code model_a1_1.txt} gives {@code a1_1}. */
    public static String instanceName(Path model) {
        String file = model.getFileName().toString();
        if (file.startsWith("model_")) {
            file = file.substring("model_".length());
        }
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    public static Instance read(InputStream in, String source, String name) {
        TokenReader t = new TokenReader(in, source);
        long u32 = 4_294_967_295L;

        int resources = t.nextInt("number of resources", 1, MAX_RESOURCES);
        boolean[] transientResource = new boolean[resources];
        long[] loadCostWeight = new long[resources];
        for (int r = 0; r < resources; r++) {
            t.at("resource", r);
            transientResource[r] = t.next("transient flag (0 or 1)", 0, 1) == 1;
            loadCostWeight[r] = t.next("load cost weight", 0, u32);
        }

        int machines = t.nextInt("number of machines", 1, MAX_MACHINES);
        int[] neighborhood = new int[machines];
        int[] location = new int[machines];
        long[][] capacity = new long[machines][resources];
        long[][] safety = new long[machines][resources];
        int[][] moveCost = new int[machines][machines];
        for (int m = 0; m < machines; m++) {
            t.at("machine", m);
            neighborhood[m] = t.nextInt("neighborhood", 0, MAX_MACHINES);
            location[m] = t.nextInt("location", 0, MAX_MACHINES);
            for (int r = 0; r < resources; r++) {
                capacity[m][r] = t.next("capacity", 0, u32);
            }
            for (int r = 0; r < resources; r++) {
                safety[m][r] = t.next("safety capacity", 0, u32);
            }
            int[] row = moveCost[m];
            for (int to = 0; to < machines; to++) {
                row[to] = t.nextInt("machine move cost", 0, Integer.MAX_VALUE);
            }
        }

        int services = t.nextInt("number of services", 1, MAX_SERVICES);
        int[] spreadMin = new int[services];
        int[][] dependsOn = new int[services][];
        for (int s = 0; s < services; s++) {
            t.at("service", s);
            spreadMin[s] = t.nextInt("spreadMin", 0, Integer.MAX_VALUE);
            int count = t.nextInt("number of dependencies", 0, services);
            dependsOn[s] = new int[count];
            for (int d = 0; d < count; d++) {
                dependsOn[s][d] = t.nextInt("dependency (a service index)", 0, services - 1);
            }
        }

        int processes = t.nextInt("number of processes", 1, MAX_PROCESSES);
        int[] serviceOfProcess = new int[processes];
        long[][] requirement = new long[processes][resources];
        long[] processMoveCost = new long[processes];
        for (int p = 0; p < processes; p++) {
            t.at("process", p);
            serviceOfProcess[p] = t.nextInt("service (a service index)", 0, services - 1);
            for (int r = 0; r < resources; r++) {
                requirement[p][r] = t.next("requirement", 0, u32);
            }
            processMoveCost[p] = t.next("process move cost", 0, u32);
        }

        int balanceCount = t.nextInt("number of balance costs", 0, MAX_BALANCES);
        List<Balance> balances = new ArrayList<>(balanceCount);
        for (int b = 0; b < balanceCount; b++) {
            t.at("balance cost", b);
            int first = t.nextInt("first resource", 0, resources - 1);
            int second = t.nextInt("second resource", 0, resources - 1);
            long target = t.next("target", 0, u32);
            long weight = t.next("weight", 0, u32);
            balances.add(new Balance(first, second, target, weight));
        }
        t.at("weights", 0);
        long processMoveWeight = t.next("process move cost weight", 0, u32);
        long serviceMoveWeight = t.next("service move cost weight", 0, u32);
        long machineMoveWeight = t.next("machine move cost weight", 0, u32);
        t.expectEnd();
        return new Instance(name, transientResource, loadCostWeight, neighborhood, location, capacity, safety,
                moveCost, spreadMin, dependsOn, serviceOfProcess, requirement, processMoveCost, List.copyOf(balances),
                processMoveWeight, serviceMoveWeight, machineMoveWeight);
    }
}
