package io.sigmaflow.roadef.app;

import io.sigmaflow.cli.support.JsonLine;
import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.generate.InstanceGenerator;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import io.sigmaflow.roadef.io.InstanceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma roadef-generate --template a2_3 --machines 5000 --seed 1 --out DIR}: a large
 * instance scaled from an A instance (or several, {@code --template a1_2,a2_4}; {@code --processes}
 * sizes them by processes instead: the 50-machine templates reach 50,000 processes at 2,500) ({@link InstanceGenerator}), written as
 * {@code model_<name>.txt}, {@code assignment_<name>.txt} and a {@code bestknown.csv} row whose
 * best known is the reachable reference (template best known times the copies), so that
 * {@code ./sigma roadef-all --set DIR} measures against it.
 */
@Command(name = "roadef-generate",
        description = {"Generate a large ROADEF 2012 instance by scaling an A instance's structure, with a feasible",
            "initial assignment, in the official file format (model_<name>.txt, assignment_<name>.txt, bestknown.csv)."},
        footer = {"  ./sigma roadef-generate --template a2_3 --machines 5000 --seed 1 --out target/roadef-large",
            "  ./sigma roadef-generate --template a1_2,a1_3,a2_1,a2_2,a2_3,a2_4,a2_5 --processes 50000 --seed 1 --out target/roadef-large-set"})
public final class RoadefGenerateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "the A data set (default: ${DEFAULT-VALUE})")
    private Path data = Path.of("roadef/data/roadef2012");

    @Option(names = "--template", paramLabel = "NAME", split = ",",
            description = "the A instances to scale, one generated instance each (default: ${DEFAULT-VALUE})")
    private java.util.List<String> templates = java.util.List.of("a2_3");

    @Option(names = "--machines", paramLabel = "N", description = "machines wanted, a multiple of the template's (default: ${DEFAULT-VALUE})")
    private int machines = 5_000;

    @Option(names = "--processes", paramLabel = "N",
            description = "processes wanted instead, a multiple of the template's (the machines follow the template's ratio)")
    private Integer processes;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})")
    private long seed = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "the instance set directory (created; default: ${DEFAULT-VALUE})")
    private Path out = Path.of("target", "roadef-large");

    public static void main(String[] args) {
        SigmaCli.main(new RoadefGenerateCommand(), args);
    }

    static int run(String[] args) {
        return SigmaCli.execute(new RoadefGenerateCommand(), System.out, System.err, args);
    }

    @Override
    public Integer call() throws IOException {
        for (String template : templates) {
            generate(template);
        }
        return 0;
    }

    private void generate(String template) throws IOException {
        Problems problems = new Problems();
        Path model = data.resolve("A/model_" + template + ".txt");
        Path assignment = data.resolve("A/assignment_" + template + ".txt");
        if (!Files.isRegularFile(model) || !Files.isRegularFile(assignment)) {
            problems.add("--template: no model_" + template + ".txt and assignment_" + template + ".txt in " + data.resolve("A"));
        }
        problems.throwIfAny(spec);
        Instance base = InstanceReader.read(model);
        int replicas;
        if (processes != null) {
            if (processes < base.processCount() || processes % base.processCount() != 0) {
                problems.add("--processes: " + processes + " must be a positive multiple of " + template + "'s "
                        + base.processCount() + " processes");
            }
            replicas = processes / base.processCount();
        } else {
            if (machines < base.machineCount() || machines % base.machineCount() != 0) {
                problems.add("--machines: " + machines + " must be a positive multiple of " + template + "'s "
                        + base.machineCount() + " machines");
            }
            replicas = machines / base.machineCount();
        }
        problems.throwIfAny(spec);
        Map<String, RoadefBenchmark.BestKnown> best = RoadefBenchmark.readBestKnown(data.resolve("bestknown_A.csv"));
        long templateBest = best.containsKey(template) ? best.get(template).bestKnown() : 0;
        String name = template + "x" + replicas + "_s" + seed;
        InstanceGenerator.Generated g = InstanceGenerator.generate(name, base, AssignmentFile.read(assignment, base),
                templateBest, replicas, seed);
        Files.createDirectories(out);
        InstanceWriter.write(out.resolve("model_" + name + ".txt"), g.instance());
        AssignmentFile.write(out.resolve("assignment_" + name + ".txt"), g.initial());
        long initialCost = CostChecker.check(g.instance(), g.initial(), g.initial()).total();
        RoadefBenchmark.appendBestKnown(out.resolve("bestknown.csv"), name, initialCost, g.reference(),
                template + " best known x " + replicas + " copies (reachable; an upper bound on the optimum)");
        System.out.println(JsonLine.of(JsonLine.object()
                .put("instance", name)
                .put("machines", g.instance().machineCount())
                .put("processes", g.instance().processCount())
                .put("services", g.instance().serviceCount())
                .put("initial_cost", initialCost)
                .put("reference", g.reference())
                .put("dir", out.toString())));
    }
}
