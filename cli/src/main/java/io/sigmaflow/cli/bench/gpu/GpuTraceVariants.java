package io.sigmaflow.cli.bench.gpu;

import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TraceNode;
import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TracePod;
import java.util.List;

/** Placeholder: the paper's other workloads, derived from the default trace (filled in below). */
final class GpuTraceVariants {
    static final String HELP = "none yet";

    private GpuTraceVariants() {}

    static boolean known(String name) {
        return false;
    }

    static List<TracePod> derive(String name, List<TracePod> pods, List<TraceNode> nodes) {
        throw new IllegalArgumentException("unknown variant " + name);
    }
}
