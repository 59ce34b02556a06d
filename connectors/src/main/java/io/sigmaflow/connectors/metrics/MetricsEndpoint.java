package io.sigmaflow.connectors.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Serves {@code GET /metrics} in the Prometheus text format from the JDK's own HTTP server (no
 * dependency). Each scrape calls {@code render} to read the live counters, so the process keeps
 * counting where it already does and the endpoint only reads. Port 0 binds an ephemeral port
 * (tests); {@link #port()} says which.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** Loopback by default: exposing the metrics beyond the host is an operator's choice. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code host:port}; {@code render} writes the families of one scrape. */
    public static MetricsEndpoint start(String host, int port, Consumer<PrometheusText> render) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", exchange -> serve(exchange, render));
        // One daemon thread: scrapes are rare and must never keep the process alive.
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-endpoint");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new MetricsEndpoint(server);
    }

    private static void serve(HttpExchange exchange, Consumer<PrometheusText> render) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            int status = 200;
            try {
                PrometheusText text = new PrometheusText();
                render.accept(text);
                body = text.toString().getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                status = 500;
                body = ("cannot render metrics: " + e + "\n").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
        }
    }

    /** The bound port (the ephemeral one when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The scrape address, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
