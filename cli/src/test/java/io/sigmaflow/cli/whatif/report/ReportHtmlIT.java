package io.sigmaflow.cli.whatif.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sigmaflow.cli.whatif.WhatIfCommand;
import io.sigmaflow.connectors.testing.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ./sigma whatif --report DIR} on the demo input, end to end (the real job on the shared
 * test broker), and its {@code report.html} rendered by a headless Chromium: every chart drew
 * (marked drawn by the page's script, with SVG elements in it), the numbers the page shows are
 * {@code summary.json}'s, the heat map has a cell per chassis of {@code nodes.csv}, and the page
 * names nothing it would fetch. The files are kept in {@code target/report-html-it/} to look at.
 */
class ReportHtmlIT {
    static final List<String> CHARTS = List.of("heat-cpu", "heat-memory", "pending", "histogram", "app-switch",
            "app-chassis", "app-host", "checks-dispersion");

    @Test
    void theReportOfARealWhatIfDrawsEveryChartWithTheNumbersOfItsSummary() throws Exception {
        Path dir = Path.of("target", "report-html-it").toAbsolutePath();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = WhatIfCommand.run(List.of("--demo", "--bootstrap", SharedKafka.bootstrapServers(),
                        "--set", "execution.checkpointing.interval=200ms", "--settle", "2s", "--timeout", "150s",
                        "--report", dir.toString()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, code, stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8));
        JsonNode summary = JsonMapper.builder().build().readTree(dir.resolve("summary.json").toFile());
        assertEquals(List.of("pod", "app", "node", "switch", "chassis", "cpu_millis", "memory_mb", "qos"),
                List.of(Files.readAllLines(dir.resolve("placements.csv")).get(0).split(",")));
        assertEquals(summary.get("placed").asInt() + 1, Files.readAllLines(dir.resolve("placements.csv")).size());
        List<String> nodes = Files.readAllLines(dir.resolve("nodes.csv"));
        assertEquals(summary.get("nodes").asInt() + 1, nodes.size());
        assertEquals(summary.get("placed").asInt(), nodes.stream().skip(1)
                .mapToInt(l -> Integer.parseInt(l.substring(l.lastIndexOf(',') + 1))).sum(), "pods per node add up");
        assertTrue(summary.get("pending").asInt() > 0, "the demo leaves pods pending: " + summary);

        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "nothing to fetch");
        assertEquals(Set.of("http://www.w3.org/2000/svg"), urls(html), "the only URL is the SVG namespace");

        Assumptions.assumeTrue(HeadlessChromium.installed(), "no " + HeadlessChromium.BINARY
                + ": run .ci/install-chromium (as root) to render the report; the files were checked without it");
        String dom = HeadlessChromium.dumpDom(dir.resolve("report.html"));
        assertTrue(dom.contains("data-report-ready=\"true\""), "the page's script ran to its end: " + dom);
        for (String chart : CHARTS) {
            String figure = tag(dom, "figure", chart);
            assertTrue(figure.contains("data-drawn=\"true\""), chart + " drew: " + figure);
            Matcher elements = Pattern.compile("data-elements=\"(\\d+)\"").matcher(figure);
            assertTrue(elements.find() && Integer.parseInt(elements.group(1)) > 0, chart + " has SVG elements: " + figure);
        }
        for (String metric : List.of("placed", "pending", "desired", "overcommitted_nodes", "nodes", "dead_letters")) {
            assertEquals(summary.get(metric).asText(), shown(dom, "data-metric=\"" + metric + "\""), metric);
        }
        Map<String, String> reasons = new TreeMap<>();
        summary.get("pending_by_reason").properties().forEach(e -> reasons.put(e.getKey(), e.getValue().asText()));
        assertFalse(reasons.isEmpty(), "the summary names why pods are pending");
        Map<String, String> shownReasons = new TreeMap<>();
        Matcher m = Pattern.compile("data-reason=\"([^\"]+)\"[^>]*>([^<]*)<").matcher(dom);
        while (m.find()) {
            shownReasons.put(m.group(1), m.group(2));
        }
        assertEquals(reasons, shownReasons, "pending by reason");
        assertTrue(shown(dom, "data-check=\"overcommitted_nodes\"")
                .startsWith(summary.at("/checks/overcommit_recount/overcommitted_nodes").asText() + " overcommitted nodes"));
        for (String level : List.of("switch", "chassis", "host")) {
            JsonNode v = summary.at("/checks/dispersion/" + level);
            assertEquals(v.get("even").asText() + " even, " + v.get("no_room").asText() + " uneven (full), "
                    + v.get("uneven").asText() + " UNEVEN", shown(dom, "data-dispersion=\"" + level + "\""), level);
        }
        Set<String> chassis = new HashSet<>();
        nodes.stream().skip(1).forEach(l -> chassis.add(l.split(",")[1] + "/" + l.split(",")[2]));
        String heat = dom.substring(dom.indexOf("id=\"heat-cpu\""), dom.indexOf("id=\"heat-memory\""));
        assertEquals(chassis.size(), Pattern.compile("data-domain=").matcher(heat).results().count(),
                "a heat map cell per chassis");
    }

    private static Set<String> urls(String html) {
        Set<String> out = new HashSet<>();
        Pattern.compile("https?://[^\"'\\s)]+").matcher(html).results().forEach(r -> out.add(r.group()));
        return out;
    }

    /** The opening tag of the element with this id. */
    private static String tag(String dom, String name, String id) {
        Matcher m = Pattern.compile("<" + name + "[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(dom);
        assertTrue(m.find(), "no <" + name + " id=" + id + "> in the DOM");
        return m.group();
    }

    /** The text of the first element with this attribute. */
    private static String shown(String dom, String attribute) {
        Matcher m = Pattern.compile(Pattern.quote(attribute) + "[^>]*>([^<]*)<").matcher(dom);
        assertTrue(m.find(), attribute + " in the DOM");
        return m.group(1);
    }
}
