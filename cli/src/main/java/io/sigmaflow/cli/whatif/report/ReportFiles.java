package io.sigmaflow.cli.whatif.report;

import io.sigmaflow.cli.support.JsonLine;
import io.sigmaflow.cli.whatif.WhatIfInput;
import io.sigmaflow.cli.whatif.WhatIfReport;
import io.sigmaflow.connectors.view.CommittedCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./sigma whatif --report DIR}: {@code summary.json}, {@code placements.csv} (columns
 * {@code pod,app,node,switch,chassis,cpu_millis,memory_mb,qos}), {@code outcomes.csv}, {@code
 * nodes.csv} and {@code report.html}, all from one {@link WhatIfSummary}.
 */
public final class ReportFiles {
    public static final List<String> NAMES = List.of("summary.json", "placements.csv", "outcomes.csv", "nodes.csv",
            "report.html");

    private ReportFiles() {}

    /** The files of this what-if, {@code seconds} from start to stop. */
    public static List<String> write(Path dir, boolean settled, double seconds, WhatIfInput input, WhatIfReport report)
            throws IOException {
        long apps = input.requests().stream().map(r -> r.getAppId()).distinct().count();
        return write(dir, new WhatIfSummary(settled, seconds, input.nodes().size(), input.requests().size(), apps, report));
    }

    /** Writes the files into {@code dir} (created when missing); returns their names. */
    public static List<String> write(Path dir, WhatIfSummary summary) throws IOException {
        Files.createDirectories(dir);
        WhatIfReport report = summary.report();
        report.writeCsv(dir);
        Files.writeString(dir.resolve("summary.json"), JsonLine.of(summary.json()) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("nodes.csv"), nodesCsv(report.cluster()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), ReportHtml.page(ReportData.of(summary)), StandardCharsets.UTF_8);
        return NAMES;
    }

    static String nodesCsv(CommittedCluster cluster) {
        StringBuilder out = new StringBuilder("node,switch,chassis,cpu_allocatable_millis,cpu_allocated_millis,"
                + "memory_allocatable_mb,memory_allocated_mb,pods\n");
        for (CommittedCluster.Node n : cluster.nodes()) {
            out.append(String.join(",", field(n.id()), field(n.coreSwitch()), field(n.chassis()),
                    String.valueOf(n.cpuAllocatable()), String.valueOf(n.cpuAllocated()),
                    String.valueOf(n.memoryAllocatable()), String.valueOf(n.memoryAllocated()),
                    String.valueOf(n.pods().size()))).append('\n');
        }
        return out.toString();
    }

    private static String field(String f) {
        boolean plain = f.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return plain ? f : "\"" + f.replace("\"", "\"\"") + "\"";
    }
}
