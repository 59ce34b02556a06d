package io.sigmaflow.cli.bench.gpu;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code --out DIR} holds: {@code curve.csv} (per policy, seed and pod: arrived % and
 * allocated %), {@code placements.csv} ({@code seed,index,pod,node,gpus}, one row per pod in
 * arrival order; for several policies a leading {@code policy} column is not added: the file is the
 * reported policy's), and {@code curve.svg}, a self-contained plot of the unallocated GPU % against
 * the arrived % (mean over seeds per 1 % of arrived) for every policy run.
 */
final class GpuTraceReport {
    static final String CURVE = "curve.csv";
    static final String PLACEMENTS = "placements.csv";
    static final String PLOT = "curve.svg";
    private static final String[] COLORS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    private GpuTraceReport() {}

    static void write(Path dir, Map<String, List<GpuTraceRun.Result>> byPolicy, String reported) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(CURVE), StandardCharsets.UTF_8)) {
            w.write("policy,seed,index,arrived_pct,allocated_pct\n");
            for (List<GpuTraceRun.Result> results : byPolicy.values()) {
                for (GpuTraceRun.Result r : results) {
                    for (int i = 0; i < r.arrivedPct().length; i++) {
                        w.write(r.policy() + "," + r.seed() + "," + i + ","
                                + String.format(Locale.ROOT, "%.4f,%.4f", r.arrivedPct()[i], r.allocatedPct()[i]) + "\n");
                    }
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(PLACEMENTS), StandardCharsets.UTF_8)) {
            w.write("seed,index,pod,node,gpus\n");
            for (GpuTraceRun.Result r : byPolicy.get(reported)) {
                for (int i = 0; i < r.placements().size(); i++) {
                    GpuTraceRun.Placement p = r.placements().get(i);
                    StringBuilder gpus = new StringBuilder();
                    for (int g : p.gpus()) {
                        gpus.append(gpus.length() == 0 ? "" : ";").append(g);
                    }
                    w.write(r.seed() + "," + i + "," + p.pod() + "," + (p.node() == null ? "" : p.node()) + "," + gpus + "\n");
                }
            }
        }
        Files.writeString(dir.resolve(PLOT), svg(byPolicy), StandardCharsets.UTF_8);
    }

    /** Unallocated GPU % (y, 0..40) against arrived % (x, 0..130), one polyline per policy. */
    static String svg(Map<String, List<GpuTraceRun.Result>> byPolicy) {
        int width = 640;
        int height = 400;
        int left = 60;
        int bottom = 350;
        int top = 20;
        int right = 600;
        double maxX = 130;
        double maxY = 40;
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int x = 0; x <= 130; x += 10) {
            double px = left + (right - left) * x / maxX;
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", px, top, px, bottom, px, bottom + 16, x));
        }
        for (int y = 0; y <= 40; y += 10) {
            double py = bottom - (bottom - top) * y / maxY;
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n", left, py, right, py, left - 6, py + 4, y));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">arrived GPU %% of capacity</text>\n",
                (left + right) / 2, bottom + 36));
        out.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">"
                + "unallocated GPU %% (mean over seeds)</text>\n", (top + bottom) / 2, (top + bottom) / 2));
        int c = 0;
        for (Map.Entry<String, List<GpuTraceRun.Result>> e : byPolicy.entrySet()) {
            double[] sum = new double[131];
            int[] n = new int[131];
            for (GpuTraceRun.Result r : e.getValue()) {
                for (int i = 0; i < r.arrivedPct().length; i++) {
                    int bin = Math.round(r.arrivedPct()[i]);
                    if (bin <= 130) {
                        sum[bin] += Math.min(r.arrivedPct()[i], 100) - r.allocatedPct()[i];
                        n[bin]++;
                    }
                }
            }
            String color = COLORS[c % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (int bin = 0; bin <= 130; bin++) {
                if (n[bin] > 0) {
                    double px = left + (right - left) * bin / maxX;
                    double py = bottom - (bottom - top) * Math.min(maxY, sum[bin] / n[bin]) / maxY;
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                }
            }
            out.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().trim()).append("\"/>\n");
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", left + 10,
                    top + 16 + 16 * c, color, e.getKey()));
            c++;
        }
        out.append("</svg>\n");
        return out.toString();
    }
}
