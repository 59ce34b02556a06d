package io.sigmaflow.solver.rebalance.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.metrics.MetricsEndpoint;
import io.sigmaflow.solver.rebalance.testing.ClusterFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The rebalancer's metrics, scraped over HTTP from an ephemeral port, before and after a real run (no Kafka). */
class RebalanceMetricsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);

    @Test
    void scrapeShowsTheLastPlanAndTheSolveTime() throws Exception {
        RebalanceConfig config = RebalanceConfig.parse(Map.of("solver.seconds", "2", "solver.seed", "0",
                "budget.max-moves", "20", "budget.max-moves-per-app", "6"), "test");
        RebalanceMetrics metrics = new RebalanceMetrics();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(MetricsEndpoint.DEFAULT_HOST, 0, metrics::render)) {
            HttpRequest get = HttpRequest.newBuilder(URI.create(endpoint.url())).timeout(Duration.ofSeconds(60)).build();
            String before = client.send(get, HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(before.contains("# TYPE sigmaflow_rebalance_runs_total counter\n"), before);
            assertTrue(before.contains("# TYPE sigmaflow_rebalance_solve_seconds summary\n"), before);
            assertEquals(0, value(before, "sigmaflow_rebalance_runs_total{outcome=\"planned\"}"));
            assertEquals(0, value(before, "sigmaflow_rebalance_last_plan_migrations"));

            RunReport report = new Rebalancer(config, CLOCK).run(ClusterFixtures.packedCluster(), s -> Set.of());
            metrics.solved(report, true);
            metrics.failed();
            String after = client.send(get, HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(report.records().size() > 0, "the packed cluster needs moves");
            assertEquals(1, value(after, "sigmaflow_rebalance_runs_total{outcome=\"planned\"}"));
            assertEquals(1, value(after, "sigmaflow_rebalance_runs_total{outcome=\"failed\"}"));
            assertEquals(1, value(after, "sigmaflow_rebalance_plans_emitted_total"));
            assertEquals(report.records().size(), value(after, "sigmaflow_rebalance_last_plan_migrations"));
            assertEquals(report.plan().waves().size(), value(after, "sigmaflow_rebalance_last_plan_waves"));
            assertEquals(1, value(after, "sigmaflow_rebalance_solve_seconds_count"));
            double solved = value(after, "sigmaflow_rebalance_last_solve_seconds");
            assertEquals(report.result().spent().toNanos() / 1e9, solved, 1e-9);
            assertTrue(solved > 0, after);
        }
    }

    private static double value(String text, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), sample + " missing in:\n" + text);
        return Double.parseDouble(m.group(1));
    }
}
