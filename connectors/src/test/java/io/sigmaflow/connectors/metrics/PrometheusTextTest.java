package io.sigmaflow.connectors.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The text exposition format (0.0.4) and the endpoint that serves it, scraped over real HTTP. */
class PrometheusTextTest {
    @Test
    void writesHelpTypeAndSamples() {
        String text = new PrometheusText()
                .counter("sigmaflow_things_total", "Things done.", 3)
                .gauge("sigmaflow_level", "A level.", 0.25)
                .summary("sigmaflow_latency_seconds", "Latency.", 2, 1.5)
                .toString();
        assertEquals("""
                # HELP sigmaflow_things_total Things done.
                # TYPE sigmaflow_things_total counter
                sigmaflow_things_total 3
                # HELP sigmaflow_level A level.
                # TYPE sigmaflow_level gauge
                sigmaflow_level 0.25
                # HELP sigmaflow_latency_seconds Latency.
                # TYPE sigmaflow_latency_seconds summary
                sigmaflow_latency_seconds_count 2
                sigmaflow_latency_seconds_sum 1.5
                """, text);
    }

    @Test
    void escapesHelpAndLabelValues() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("knob", "a\"b\\c\nd");
        labels.put("outcome", "written");
        String text = new PrometheusText()
                .family("sigmaflow_knob_writes_total", "Writes \\ per\nknob.", "counter")
                .sample("sigmaflow_knob_writes_total", labels, 7)
                .toString();
        assertTrue(text.contains("# HELP sigmaflow_knob_writes_total Writes \\\\ per\\nknob.\n"), text);
        assertTrue(text.contains("sigmaflow_knob_writes_total{knob=\"a\\\"b\\\\c\\nd\",outcome=\"written\"} 7\n"), text);
    }

    @Test
    void specialValuesAndBadNames() {
        assertEquals("NaN", PrometheusText.format(Double.NaN));
        assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.format(Double.NEGATIVE_INFINITY));
        assertEquals("1.0E20", PrometheusText.format(1e20));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new PrometheusText().counter("pods-running", "x", 1));
        assertTrue(bad.getMessage().contains("invalid metric name 'pods-running'"), bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new PrometheusText().gauge("a", "x", 1).gauge("a", "x", 2));
        assertThrows(IllegalArgumentException.class,
                () -> new PrometheusText().sample("a", Map.of("__x", "y"), 1));
    }

    @Test
    void endpointOnEphemeralPortServesLiveValues() throws Exception {
        AtomicLong runs = new AtomicLong();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(MetricsEndpoint.DEFAULT_HOST, 0,
                t -> t.counter("sigmaflow_test_runs_total", "Runs.", runs.get()))) {
            assertTrue(endpoint.port() > 0);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create(endpoint.url())).timeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> first = client.send(get, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode());
            assertEquals(PrometheusText.CONTENT_TYPE, first.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(first.body().contains("\nsigmaflow_test_runs_total 0\n"), first.body());
            runs.addAndGet(2);
            String second = client.send(get, HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(second.contains("\nsigmaflow_test_runs_total 2\n"), second);
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }
}
