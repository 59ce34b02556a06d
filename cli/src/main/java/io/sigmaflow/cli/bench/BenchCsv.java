package io.sigmaflow.cli.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nodes.csv} and {@code placements.csv}: what a benchmark placed, in a form anyone can recount.
 * Names are plain tokens (no commas or quotes), which the reader checks.
 */
public final class BenchCsv {
    public static final String NODES_FILE = "nodes.csv";
    public static final String PLACEMENTS_FILE = "placements.csv";
    static final String NODES_HEADER = "node,core_switch,chassis,cpu_millis,memory_mb";
    static final String PLACEMENTS_HEADER = "pod,app,node,cpu_millis,memory_mb,order";

    private BenchCsv() {}

    public static void write(Path dir, List<NodeRow> nodes, List<PlacementRow> placements) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(NODES_FILE), StandardCharsets.UTF_8)) {
            w.write(NODES_HEADER);
            w.newLine();
            for (NodeRow n : nodes) {
                w.write(String.join(",", token(n.node()), token(n.coreSwitch()), token(n.chassis()),
                        Long.toString(n.cpuMillis()), Long.toString(n.memoryMb())));
                w.newLine();
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(PLACEMENTS_FILE), StandardCharsets.UTF_8)) {
            w.write(PLACEMENTS_HEADER);
            w.newLine();
            for (PlacementRow p : placements) {
                w.write(String.join(",", token(p.pod()), token(p.app()), token(p.node()),
                        Long.toString(p.cpuMillis()), Long.toString(p.memoryMb()), Long.toString(p.order())));
                w.newLine();
            }
        }
    }

    public static List<NodeRow> readNodes(Path dir) throws IOException {
        List<NodeRow> rows = new ArrayList<>();
        Path file = dir.resolve(NODES_FILE);
        List<String[]> lines = read(file, NODES_HEADER, 5);
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i);
            String where = file.getFileName() + " line " + (i + 2);
            rows.add(new NodeRow(f[0], f[1], f[2], number(where, "cpu_millis", f[3]), number(where, "memory_mb", f[4])));
        }
        return rows;
    }

    public static List<PlacementRow> readPlacements(Path dir) throws IOException {
        List<PlacementRow> rows = new ArrayList<>();
        Path file = dir.resolve(PLACEMENTS_FILE);
        List<String[]> lines = read(file, PLACEMENTS_HEADER, 6);
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i);
            String where = file.getFileName() + " line " + (i + 2);
            rows.add(new PlacementRow(f[0], f[1], f[2], number(where, "cpu_millis", f[3]),
                    number(where, "memory_mb", f[4]), number(where, "order", f[5])));
        }
        return rows;
    }

    private static List<String[]> read(Path file, String header, int fields) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IllegalArgumentException(file.getFileName() + " line 1: expected header '" + header + "'");
        }
        List<String[]> out = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            if (f.length != fields) {
                throw new IllegalArgumentException(file.getFileName() + " line " + (i + 1) + ": expected " + fields
                        + " fields, got " + f.length);
            }
            out.add(f);
        }
        return out;
    }

    private static long number(String where, String field, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + field + " '" + text + "' is not an integer");
        }
    }

    private static String token(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("name '" + s + "' cannot be written to a CSV without quoting");
        }
        return s;
    }
}
