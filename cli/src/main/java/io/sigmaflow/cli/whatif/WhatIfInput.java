package io.sigmaflow.cli.whatif;

import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.PlacementRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A what-if's input: the cluster as node events and the workload as placement requests, each a
 * file of JSON lines (one record per line; blank lines and lines starting with {@code #} are
 * skipped). Every line is checked before anything runs: all problems are collected, each naming
 * {@code file:line} and the field. Public traces ({@link TraceInput}) are read leniently instead: their
 * malformed rows are refused, listed in {@link #refused()}, and the run goes on without them.
 */
public record WhatIfInput(List<NodeEvent> nodes, List<PlacementRequest> requests, List<Problem> refused) {

    public WhatIfInput(List<NodeEvent> nodes, List<PlacementRequest> requests) {
        this(nodes, requests, List.of());
    }

    /** {@code --nodes-format}. */
    public enum NodesFormat {
        JSONL("jsonl"), ALIBABA_V2018("alibaba-v2018"), ALIBABA_GPU_V2023("alibaba-gpu-v2023");

        public final String option;

        NodesFormat(String option) {
            this.option = option;
        }

        @Override
        public String toString() {
            return option;
        }
    }

    /** {@code --requests-format}. */
    public enum RequestsFormat {
        JSONL("jsonl"), ALIBABA_GPU_V2023("alibaba-gpu-v2023");

        public final String option;

        RequestsFormat(String option) {
            this.option = option;
        }

        @Override
        public String toString() {
            return option;
        }
    }

    /** One problem of one input line. */
    public record Problem(String source, int line, String field, String problem) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + field + ": " + problem;
        }
    }

    /** The input did not pass its checks; {@link #problems()} lists every problem found. */
    public static final class InvalidInputException extends Exception {
        private final List<Problem> problems;

        InvalidInputException(List<Problem> problems) {
            super(problems.size() + " problem(s) in the input, first: " + problems.get(0));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /** The demo's input, shipped with the job: the demo cluster's 12 nodes and five apps, one too big to fit. */
    public static final String DEMO_NODES = "whatif/demo-nodes.jsonl";
    public static final String DEMO_REQUESTS = "whatif/demo-requests.jsonl";

    public static WhatIfInput read(Path nodes, Path requests) throws IOException, InvalidInputException {
        try (Reader n = Files.newBufferedReader(nodes, StandardCharsets.UTF_8);
                Reader r = Files.newBufferedReader(requests, StandardCharsets.UTF_8)) {
            return read(nodes.toString(), n, requests.toString(), r);
        }
    }

    /** The input in these formats; a trace's refused rows are in {@link #refused()}. */
    public static WhatIfInput read(Path nodes, NodesFormat nodesFormat, Path requests, RequestsFormat requestsFormat)
            throws IOException, InvalidInputException {
        if (nodesFormat == NodesFormat.JSONL && requestsFormat == RequestsFormat.JSONL) {
            return read(nodes, requests);
        }
        try (Reader n = Files.newBufferedReader(nodes, StandardCharsets.UTF_8);
                Reader r = Files.newBufferedReader(requests, StandardCharsets.UTF_8)) {
            return read(nodes.toString(), nodesFormat, n, requests.toString(), requestsFormat, r);
        }
    }

    public static WhatIfInput read(String nodesName, NodesFormat nodesFormat, Reader nodes, String requestsName,
                                   RequestsFormat requestsFormat, Reader requests)
            throws IOException, InvalidInputException {
        return read(nodesName, nodesFormat, nodes, requestsName, requestsFormat, requests, true);
    }

    /** {@code needNodes} false: the nodes come from elsewhere (the live cluster) and may be empty here. */
    static WhatIfInput read(String nodesName, NodesFormat nodesFormat, Reader nodes, String requestsName,
                            RequestsFormat requestsFormat, Reader requests, boolean needNodes)
            throws IOException, InvalidInputException {
        List<Problem> problems = new ArrayList<>();
        List<Problem> refused = new ArrayList<>();
        List<NodeEvent> n = new ArrayList<>();
        try {
            switch (nodesFormat) {
                case JSONL -> n = lines(nodesName, nodes, JsonRecords.of(NodeEvent.class), problems, new ArrayList<>());
                case ALIBABA_V2018 -> n = kept(TraceInput.alibabaV2018Machines(nodesName, nodes), refused);
                case ALIBABA_GPU_V2023 -> n = kept(TraceInput.gpuV2023Nodes(nodesName, nodes), refused);
            }
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        List<PlacementRequest> r = new ArrayList<>();
        List<Integer> requestLines = new ArrayList<>();
        try {
            if (requestsFormat == RequestsFormat.JSONL) {
                r = lines(requestsName, requests, JsonRecords.of(PlacementRequest.class), problems, requestLines);
                duplicateRequestIds(requestsName, r, requestLines, problems);
            } else {
                r = kept(TraceInput.gpuV2023Pods(requestsName, requests), refused);
            }
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        if (needNodes && n.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(nodesName, 0, "-", "no node events: a what-if needs a cluster"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new WhatIfInput(List.copyOf(n), List.copyOf(r), List.copyOf(refused));
    }

    private static <T> List<T> kept(TraceInput.Parsed<T> parsed, List<Problem> refused) {
        refused.addAll(parsed.refused());
        return parsed.records();
    }

    public static WhatIfInput demo() throws IOException, InvalidInputException {
        try (Reader n = resource(DEMO_NODES); Reader r = resource(DEMO_REQUESTS)) {
            return read(DEMO_NODES, n, DEMO_REQUESTS, r);
        }
    }

    public static WhatIfInput read(String nodesName, Reader nodes, String requestsName, Reader requests)
            throws IOException, InvalidInputException {
        List<Problem> problems = new ArrayList<>();
        List<NodeEvent> n = lines(nodesName, nodes, JsonRecords.of(NodeEvent.class), problems, new ArrayList<>());
        List<Integer> requestLines = new ArrayList<>();
        List<PlacementRequest> r = lines(requestsName, requests, JsonRecords.of(PlacementRequest.class), problems,
                requestLines);
        if (n.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(nodesName, 0, "-", "no node events: a what-if needs a cluster"));
        }
        duplicateRequestIds(requestsName, r, requestLines, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new WhatIfInput(List.copyOf(n), List.copyOf(r));
    }

    private static <T extends SpecificRecord> List<T> lines(String name, Reader in, JsonRecords<T> json,
                                                           List<Problem> problems, List<Integer> lineNumbers)
            throws IOException {
        List<T> out = new ArrayList<>();
        BufferedReader lines = new BufferedReader(in);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            try {
                out.add(json.decode(line));
                lineNumbers.add(number);
            } catch (JsonRecords.FieldException e) {
                problems.add(new Problem(name, number, e.field(), e.problem()));
            }
        }
        return out;
    }

    /**
     * The job answers a repeated request id with DUPLICATE and ignores it: in a what-if that is
     * almost surely a copy-paste slip, so it is refused here, naming both lines.
     */
    private static void duplicateRequestIds(String name, List<PlacementRequest> requests, List<Integer> lines,
                                            List<Problem> problems) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            Integer before = seen.putIfAbsent(requests.get(i).getRequestId(), lines.get(i));
            if (before != null) {
                problems.add(new Problem(name, lines.get(i), "requestId", "'" + requests.get(i).getRequestId()
                        + "' was already used on line " + before + " (the job would ignore this one as a DUPLICATE)"));
            }
        }
    }

    private static Reader resource(String path) throws IOException {
        InputStream in = WhatIfInput.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("the demo input " + path + " is not on the classpath (rebuild: ./sigma build)");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
