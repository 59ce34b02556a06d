package io.sigmaflow.cli.bench.gpu;

import io.sigmaflow.placement.model.GpuDevices;
import io.sigmaflow.placement.model.GpuRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the node and pod lists of Alibaba's GPU trace ({@code cluster-trace-gpu-v2023}, "openb"):
 * columns found by header name, so extra columns are ignored; a bad row is an
 * {@link IllegalArgumentException} naming the file, the line and the field.
 *
 * <p>Nodes: {@code sn,cpu_milli,memory_mib,gpu,model}. Pods: {@code name,cpu_milli,memory_mib,num_gpu,
 * gpu_milli,gpu_spec} ({@code gpu_milli} is per GPU: 1000 with {@code num_gpu} 1..8 is whole GPUs,
 * 1..999 with {@code num_gpu} 1 a share; {@code gpu_spec} lists accepted models separated by {@code |},
 * empty for any).
 */
public final class GpuTraceFiles {
    /** One node of the trace. */
    public record TraceNode(String name, long cpuMillis, long memoryMb, GpuDevices gpus) {}

    /** One pod of the trace. */
    public record TracePod(String name, long cpuMillis, long memoryMb, GpuRequest gpu) {}

    private static final List<String> NODE_COLUMNS = List.of("sn", "cpu_milli", "memory_mib", "gpu", "model");
    private static final List<String> POD_COLUMNS = List.of("name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli",
            "gpu_spec");

    private GpuTraceFiles() {}

    public static List<TraceNode> readNodes(Path file) throws IOException {
        List<TraceNode> nodes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Row row : rows(file, NODE_COLUMNS)) {
            String name = row.name("sn");
            if (!names.add(name)) {
                throw row.error("sn", "node " + name + " is listed twice");
            }
            int gpus = (int) row.number("gpu", 0, GpuDevices.MAX_COUNT);
            String model = row.text("model");
            if (gpus > 0 && model.isEmpty()) {
                throw row.error("model", "a node with " + gpus + " GPU(s) must name their model");
            }
            nodes.add(new TraceNode(name, row.number("cpu_milli", 0, Long.MAX_VALUE),
                    row.number("memory_mib", 0, Long.MAX_VALUE),
                    gpus == 0 ? GpuDevices.NONE : new GpuDevices(gpus, model, memoryPerGpu(model))));
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(file + ": no nodes");
        }
        return nodes;
    }

    public static List<TracePod> readPods(Path file) throws IOException {
        List<TracePod> pods = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Row row : rows(file, POD_COLUMNS)) {
            String name = row.name("name");
            if (!names.add(name)) {
                throw row.error("name", "pod " + name + " is listed twice");
            }
            int numGpu = (int) row.number("num_gpu", 0, GpuRequest.MAX_WHOLE);
            int milli = (int) row.number("gpu_milli", 0, GpuRequest.MILLI_PER_GPU);
            GpuRequest gpu;
            if (numGpu == 0) {
                gpu = GpuRequest.NONE;
            } else if (milli == 0) {
                throw row.error("gpu_milli", "num_gpu " + numGpu + " needs gpu_milli 1..1000, got 0");
            } else if (numGpu > 1 && milli < GpuRequest.MILLI_PER_GPU) {
                throw row.error("gpu_milli", "only one GPU can be shared: num_gpu " + numGpu + " needs gpu_milli 1000, got "
                        + milli);
            } else {
                gpu = GpuRequest.of(numGpu, milli);
                String spec = row.text("gpu_spec");
                if (!spec.isEmpty()) {
                    Set<String> models = new LinkedHashSet<>(Arrays.asList(spec.split("\\|", -1)));
                    if (models.contains("")) {
                        throw row.error("gpu_spec", "empty model name in '" + spec + "' (models are separated by |)");
                    }
                    gpu = gpu.onModels(models);
                }
            }
            pods.add(new TracePod(name, row.number("cpu_milli", 0, Long.MAX_VALUE),
                    row.number("memory_mib", 0, Long.MAX_VALUE), gpu));
        }
        if (pods.isEmpty()) {
            throw new IllegalArgumentException(file + ": no pods");
        }
        return pods;
    }

    /**
     * GPU memory by model where the model name says it (V100M16 = 16 GiB); the trace anonymizes
     * some models (G2, G3), whose memory stays unknown (0).
     */
    static long memoryPerGpu(String model) {
        return switch (model) {
            case "V100M16", "P100", "T4" -> 16 * 1024;
            case "V100M32" -> 32 * 1024;
            case "A10" -> 24 * 1024;
            default -> 0;
        };
    }

    private static List<Row> rows(Path file, List<String> required) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " line 1: empty file, expected a header with " + String.join(",", required));
        }
        String[] header = lines.get(0).split(",", -1);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            columns.put(header[i].trim(), i);
        }
        for (String column : required) {
            if (!columns.containsKey(column)) {
                throw new IllegalArgumentException(file + " line 1: missing column '" + column + "' (expected "
                        + String.join(",", required) + ")");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] fields = lines.get(i).split(",", -1);
            if (fields.length != header.length) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected " + header.length
                        + " fields as in the header, got " + fields.length);
            }
            rows.add(new Row(file, i + 1, columns, fields));
        }
        return rows;
    }

    private record Row(Path file, int line, Map<String, Integer> columns, String[] fields) {
        String text(String column) {
            return fields[columns.get(column)].trim();
        }

        String name(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                throw error(column, "must not be empty");
            }
            return value;
        }

        long number(String column, long min, long max) {
            String value = text(column);
            try {
                long n = Long.parseLong(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw error(column, "expected an integer " + min + ".." + (max == Long.MAX_VALUE ? "" : max) + ", got '"
                    + value + "'");
        }

        IllegalArgumentException error(String column, String problem) {
            return new IllegalArgumentException(file + " line " + line + ", field " + column + ": " + problem);
        }
    }
}
