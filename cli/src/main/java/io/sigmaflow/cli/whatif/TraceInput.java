package io.sigmaflow.cli.whatif;

import io.sigmaflow.cli.whatif.WhatIfInput.Problem;
import io.sigmaflow.schema.GpuDevices;
import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The what-if's public-trace inputs: Alibaba's cluster-trace-v2018 {@code machine_meta.csv} and the
 * GPU trace v2023 ("openb") node and pod lists, turned into the same records as the JSON lines.
 *
 * <p>Unlike our own JSON lines (all or nothing: a slip in a file we wrote), a recorded trace is
 * taken as it is: a malformed row is refused, named {@code FILE:LINE: field: problem} and counted
 * in {@link Parsed#refused()}, and the run goes on with the rest. Only a file that cannot be read
 * as the format at all (no header, a missing column, no good row) stops the run (exit 2).
 *
 * <p>Mappings (docs/decisions.md, cli/README.md): v2018's {@code failure_domain_2} (20 values) is
 * the core switch and {@code failure_domain_1} (292 values, not nested in the other) within it the
 * chassis, so a chassis is the pair; {@code mem_size} is normalised to 100 = {@link #V2018_FULL_MEMORY_MB};
 * each machine's latest row wins; only {@code USING} machines join. A GPU-trace pod is an app of
 * its own with 1 replica, published at {@code creation_time} and destroyed at {@code deletion_time}
 * (seconds from the trace's start), replayed in that order.
 */
public final class TraceInput {
    /** v2018 normalises memory to 0..100; the assumption: 100 is a 384 GiB machine (4 GiB per core of its 96). */
    public static final long V2018_FULL_MEMORY_MB = 384L * 1024;
    /** The GPU trace's time 0 as epoch millis (the trace gives seconds from its start only). */
    public static final long GPU_TRACE_EPOCH_MS = 1_672_531_200_000L; // 2023-01-01T00:00:00Z
    /** The GPU node list has no topology: nodes are grouped in file order, this many per chassis, per switch. */
    static final int GPU_HOSTS_PER_CHASSIS = 16;
    static final int GPU_CHASSIS_PER_SWITCH = 8;

    /** Records read from a trace file and the rows refused. */
    public record Parsed<T>(List<T> records, List<Problem> refused) {}

    private TraceInput() {}

    public static Parsed<NodeEvent> alibabaV2018Machines(String file, Reader in)
            throws IOException, WhatIfInput.InvalidInputException {
        Csv csv = Csv.read(file, in, List.of("machine_id", "time_stamp", "failure_domain_1", "failure_domain_2",
                "cpu_num", "mem_size", "status"), false);
        Map<String, Csv.Row> latest = new LinkedHashMap<>();
        Map<String, Long> latestTime = new HashMap<>();
        for (Csv.Row row : csv.rows) {
            try {
                String id = row.text("machine_id");
                long time = row.number("time_stamp", 0, Long.MAX_VALUE);
                row.text("failure_domain_1");
                row.text("failure_domain_2");
                row.number("cpu_num", 1, 4096);
                row.decimal("mem_size", 0, 100);
                row.text("status");
                if (time >= latestTime.getOrDefault(id, Long.MIN_VALUE)) {
                    latest.put(id, row);
                    latestTime.put(id, time);
                }
            } catch (Csv.RowException e) {
                csv.refused.add(e.problem);
            }
        }
        List<NodeEvent> nodes = new ArrayList<>();
        for (Map.Entry<String, Csv.Row> e : latest.entrySet()) {
            Csv.Row row = e.getValue();
            try {
                String status = row.text("status");
                if (!status.equals("USING")) {
                    throw row.error("status", "'" + status + "' in the machine's latest row: not in service, left out");
                }
                String sw = "fd2-" + row.text("failure_domain_2");
                long cpu = row.number("cpu_num", 1, 4096) * 1000;
                long memory = Math.round(row.decimal("mem_size", 0, 100) / 100.0 * V2018_FULL_MEMORY_MB);
                if (memory <= 0) {
                    throw row.error("mem_size", "0: a machine without memory cannot hold a pod");
                }
                nodes.add(NodeEvent.newBuilder().setNodeId(e.getKey()).setType(NodeEventType.REGISTER)
                        .setCapacity(new Resources(cpu, memory, 0L))
                        .setTopology(new Topology("alibaba-v2018", sw, sw + "_fd1-" + row.text("failure_domain_1"),
                                e.getKey()))
                        .build());
            } catch (Csv.RowException x) {
                csv.refused.add(x.problem);
            }
        }
        return csv.result(nodes, "machines");
    }

    public static Parsed<NodeEvent> gpuV2023Nodes(String file, Reader in)
            throws IOException, WhatIfInput.InvalidInputException {
        Csv csv = Csv.read(file, in, List.of("sn", "cpu_milli", "memory_mib", "gpu", "model"), true);
        List<NodeEvent> nodes = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Csv.Row row : csv.rows) {
            try {
                String sn = row.text("sn");
                Integer before = seen.putIfAbsent(sn, row.line);
                if (before != null) {
                    throw row.error("sn", "'" + sn + "' was already listed on line " + before);
                }
                int gpus = (int) row.number("gpu", 0, 64);
                String model = row.optional("model");
                if (gpus > 0 && model.isEmpty()) {
                    throw row.error("model", "a node with " + gpus + " GPU(s) must name their model");
                }
                int i = nodes.size();
                String sw = "gpu-sw-" + i / (GPU_HOSTS_PER_CHASSIS * GPU_CHASSIS_PER_SWITCH);
                nodes.add(NodeEvent.newBuilder().setNodeId(sn).setType(NodeEventType.REGISTER)
                        .setCapacity(new Resources(row.number("cpu_milli", 1, Long.MAX_VALUE),
                                row.number("memory_mib", 1, Long.MAX_VALUE), 0L))
                        .setTopology(new Topology("alibaba-gpu-v2023", sw, sw + "_ch-" + i / GPU_HOSTS_PER_CHASSIS, sn))
                        .setGpus(gpus == 0 ? null : new GpuDevices(gpus, model, 0L))
                        .build());
            } catch (Csv.RowException e) {
                csv.refused.add(e.problem);
            }
        }
        return csv.result(nodes, "nodes");
    }

    /** One trace event: a pod created (PUBLISH of its app) or deleted (DESTROY), at trace seconds {@code at}. */
    private record Event(long at, boolean deletion, int line, PlacementRequest request) {}

    public static Parsed<PlacementRequest> gpuV2023Pods(String file, Reader in)
            throws IOException, WhatIfInput.InvalidInputException {
        Csv csv = Csv.read(file, in, List.of("name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "qos",
                "creation_time", "deletion_time"), true);
        List<Event> events = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Csv.Row row : csv.rows) {
            try {
                String name = row.text("name");
                Integer before = seen.get(name);
                if (before != null) {
                    throw row.error("name", "pod '" + name + "' was already listed on line " + before);
                }
                PodTemplate template = template(row);
                long created = row.number("creation_time", 0, Long.MAX_VALUE / 2000);
                String deletion = row.optional("deletion_time");
                long deleted = deletion.isEmpty() ? -1 : row.number("deletion_time", 0, Long.MAX_VALUE / 2000);
                if (deleted >= 0 && deleted < created) {
                    throw row.error("deletion_time", deleted + " is before creation_time " + created);
                }
                seen.put(name, row.line);
                events.add(new Event(created, false, row.line, request(name, RequestType.PUBLISH, 1, template, created)));
                if (deleted >= 0) {
                    events.add(new Event(deleted, true, row.line, request(name, RequestType.DESTROY, null, null, deleted)));
                }
            } catch (Csv.RowException e) {
                csv.refused.add(e.problem);
            }
        }
        // Event-time order; at the same second a deletion first (it frees what the creation may need), then file order.
        events.sort(Comparator.comparingLong(Event::at).thenComparing(e -> !e.deletion()).thenComparingInt(Event::line));
        return csv.result(events.stream().map(Event::request).toList(), "pods");
    }

    private static PlacementRequest request(String pod, RequestType type, Integer replicas, PodTemplate template,
                                            long atSeconds) {
        return PlacementRequest.newBuilder().setRequestId(pod + (type == RequestType.DESTROY ? "-delete" : "-create"))
                .setAppId(pod).setType(type).setReplicas(replicas).setTemplate(template)
                .setSubmittedAtMs(GPU_TRACE_EPOCH_MS + atSeconds * 1000).setSubmitter("whatif-alibaba-gpu-v2023")
                .build();
    }

    private static PodTemplate template(Csv.Row row) throws Csv.RowException {
        int numGpu = (int) row.number("num_gpu", 0, 8);
        int milli = (int) row.number("gpu_milli", 0, 1000);
        GpuRequest gpu = null;
        if (numGpu > 0) {
            if (milli == 0) {
                throw row.error("gpu_milli", "num_gpu " + numGpu + " needs gpu_milli 1..1000, got 0");
            }
            if (numGpu > 1 && milli < 1000) {
                throw row.error("gpu_milli", "only one GPU can be shared: num_gpu " + numGpu + " needs 1000, got " + milli);
            }
            gpu = milli == 1000 ? new GpuRequest(numGpu, 0, List.of()) : new GpuRequest(0, milli, List.of());
        }
        String qos = row.text("qos");
        QosClass q = switch (qos) {
            case "LS", "Burstable" -> QosClass.LS;
            case "BE" -> QosClass.BE;
            case "Guaranteed", "LSR" -> QosClass.LSR;
            default -> throw row.error("qos", "expected LS, BE, Burstable or Guaranteed, got '" + qos + "'");
        };
        return PodTemplate.newBuilder().setResources(new Resources(row.number("cpu_milli", 0, Long.MAX_VALUE),
                        row.number("memory_mib", 0, Long.MAX_VALUE), 0L))
                .setQos(q).setPayload(new Payload("/usr/bin/sleep", List.of("infinity"), Map.of())).setGpu(gpu).build();
    }

    /** A comma-separated file with a header (no quoting: none of these traces quotes). */
    private static final class Csv {
        final String file;
        final Map<String, Integer> columns = new HashMap<>();
        final List<Row> rows = new ArrayList<>();
        final List<Problem> refused = new ArrayList<>();

        private Csv(String file) {
            this.file = file;
        }

        /** {@code header}: whether the file starts with one (v2018's files have none: the columns are positional). */
        static Csv read(String file, Reader in, List<String> required, boolean header)
                throws IOException, WhatIfInput.InvalidInputException {
            Csv csv = new Csv(file);
            BufferedReader lines = new BufferedReader(in);
            String line;
            int number = 0;
            int width = required.size();
            if (!header) {
                for (int i = 0; i < required.size(); i++) {
                    csv.columns.put(required.get(i), i);
                }
            }
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (header && csv.columns.isEmpty()) {
                    for (int i = 0; i < fields.length; i++) {
                        csv.columns.put(fields[i].trim(), i);
                    }
                    width = fields.length;
                    List<String> missing = required.stream().filter(c -> !csv.columns.containsKey(c)).toList();
                    if (!missing.isEmpty()) {
                        throw new WhatIfInput.InvalidInputException(List.of(new Problem(file, number, "(header)",
                                "missing column(s) " + missing + "; expected a header with " + String.join(",", required))));
                    }
                    continue;
                }
                if (fields.length != width) {
                    csv.refused.add(new Problem(file, number, "(row)", "expected " + width + " fields, got "
                            + fields.length));
                    continue;
                }
                csv.rows.add(new Row(file, number, csv.columns, fields));
            }
            return csv;
        }

        <T> Parsed<T> result(List<T> records, String what) throws WhatIfInput.InvalidInputException {
            if (records.isEmpty()) {
                List<Problem> all = new ArrayList<>(refused);
                all.add(0, new Problem(file, 0, "-", "no usable " + what + (refused.isEmpty() ? "" : " (every row was refused)")));
                throw new WhatIfInput.InvalidInputException(all);
            }
            refused.sort(Comparator.comparingInt(Problem::line));
            return new Parsed<>(List.copyOf(records), List.copyOf(refused));
        }

        static final class RowException extends Exception {
            final Problem problem;

            RowException(Problem problem) {
                super(problem.toString(), null, false, false);
                this.problem = problem;
            }
        }

        record Row(String file, int line, Map<String, Integer> columns, String[] fields) {
            String optional(String column) {
                return fields[columns.get(column)].trim();
            }

            String text(String column) throws RowException {
                String value = optional(column);
                if (value.isEmpty()) {
                    throw error(column, "must not be empty");
                }
                return value;
            }

            long number(String column, long min, long max) throws RowException {
                return parsed(column, Long::valueOf, n -> n >= min && n <= max,
                        "a whole number " + min + ".." + (max >= Long.MAX_VALUE / 2000 ? "" : max));
            }

            double decimal(String column, double min, double max) throws RowException {
                return parsed(column, Double::valueOf, d -> d >= min && d <= max, "a number " + min + ".." + max);
            }

            /** The column's value parsed, when it parses and {@code fits}; else a problem saying what was {@code expected}. */
            private <N> N parsed(String column, Function<String, N> parse, Predicate<N> fits, String expected)
                    throws RowException {
                String value = optional(column);
                try {
                    N n = parse.apply(value);
                    if (fits.test(n)) {
                        return n;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw error(column, "expected " + expected + ", got '" + value + "'");
            }

            RowException error(String column, String problem) {
                return new RowException(new Problem(file, line, column, problem));
            }
        }
    }
}
