package io.sigmaflow.executor;

import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.executor.cgroup.CgroupUnavailableException;
import io.sigmaflow.executor.config.ExecutorConfig;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.kafka.CommandConsumer;
import io.sigmaflow.executor.kafka.KafkaStatusSink;
import io.sigmaflow.executor.metrics.ExecutorMetrics;
import io.sigmaflow.connectors.metrics.MetricsEndpoint;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.executor.runtime.PodRuntime;
import io.sigmaflow.executor.sync.HostReconciler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host agent: rebuilds its view of the host, registers the node, then applies the node's
 * placements and priority changes from Kafka, streams pod statuses and sends a periodic full
 * inventory. Threads: one consumer, one apply-step worker, one for the watcher, the inventory
 * and the emergency rule, plus the Kafka producer's. {@link #close()} is the SIGTERM path: stop
 * consuming after the record in flight, commit, flush, and leave the pods running.
 */
public final class NodeExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeExecutor.class);

    /** What tests and the local stack may swap; production uses {@link #defaults()}. */
    public record Options(UnaryOperator<PodRuntime> runtimeDecorator, StatusSink sink, RunDelayProbe probe) {
        public static Options defaults() {
            return new Options(UnaryOperator.identity(), null, RunDelayProbe.schedstat());
        }
    }

    private final ExecutorConfig config;
    private final HostAgent host;
    private final StatusSink sink;
    private final ExecutorMetrics metrics;
    private final MetricsEndpoint endpoint;
    private final KafkaStatusSink ownedSink;
    private final HostReconciler.Summary reconciled;
    private final ScheduledExecutorService sync;
    private final CommandConsumer consumer;
    private final Thread consumerThread;
    private final CompletableFuture<Throwable> stopped = new CompletableFuture<>();
    private boolean closed;

    private NodeExecutor(ExecutorConfig config, Options options) throws CgroupUnavailableException, IOException, InterruptedException {
        this.config = config;
        String node = config.nodeId();
        Topics topics = Topics.of(config.topicPrefix(), 0);
        this.ownedSink = options.sink() == null ? new KafkaStatusSink(config.bootstrap(), topics, "node-executor-" + node, config.signer()) : null;
        // Every status passes through the metrics, which count failures on the way.
        this.metrics = new ExecutorMetrics(options.sink() == null ? ownedSink : options.sink());
        this.sink = metrics;
        HostAgent agent = null;
        try {
            agent = new HostAgent(config, options.runtimeDecorator(), sink, options.probe());
            LOG.info("node-executor {}: {}, payloads as {}, state in {}", node, agent.supervisor().tree(),
                    config.payloadUser().map(u -> u.name() + " (uid " + u.uid() + ")").orElse("the executor's own user"),
                    config.stateDir());
            this.reconciled = agent.reconciler().reconcile();
            sink.nodeEvent(agent.registration());
            agent.inventory().report();
            sink.flush();
        } catch (CgroupUnavailableException | IOException | InterruptedException | RuntimeException e) {
            // Nothing is consumed yet: release the step thread and the producer, keep the pods.
            if (agent != null) {
                agent.close();
            }
            if (ownedSink != null) {
                ownedSink.close();
            }
            throw e;
        }
        this.host = agent;

        this.sync = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "node-executor-sync-" + node));
        every(config.watchInterval(), "pod watcher", host.watcher()::check);
        every(config.inventoryInterval(), "inventory", host.inventory()::report);
        host.throttle().ifPresent(throttle -> every(config.emergencyInterval(), "emergency rule", () -> {
            try {
                throttle.sample();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        this.consumer = new CommandConsumer(node, config.bootstrap(), config.groupId(), topics, host.placements(),
                host.priorities(), host.view(), sink, this::fatal);
        this.consumerThread = new Thread(() -> {
            consumer.run();
            stopped.complete(null);
        }, "node-executor-consumer-" + node);
        consumerThread.start();
        this.endpoint = config.metricsPort() == 0 ? null : startEndpoint(config);
    }

    private MetricsEndpoint startEndpoint(ExecutorConfig config) throws IOException {
        try {
            MetricsEndpoint e = MetricsEndpoint.start(config.metricsHost(), config.metricsPort(),
                    out -> metrics.render(out, host.view(), host.knobs(), consumer));
            LOG.info("node-executor {}: metrics on {}", config.nodeId(), e.url());
            return e;
        } catch (IOException e) {
            close();
            throw new IOException("metrics.port " + config.metricsPort() + ": cannot listen on " + config.metricsHost()
                    + ":" + config.metricsPort() + ": " + e.getMessage(), e);
        }
    }

    /** The executor's metrics (also served over HTTP when {@code metrics.port} is set). */
    public ExecutorMetrics metrics() {
        return metrics;
    }

    /** The Prometheus endpoint, or null when {@code metrics.port} is 0. */
    public MetricsEndpoint endpoint() {
        return endpoint;
    }

    /** Starts an executor on {@code config}: reconciles the host, registers, starts consuming. */
    public static NodeExecutor start(ExecutorConfig config) throws CgroupUnavailableException, IOException, InterruptedException {
        return start(config, Options.defaults());
    }

    public static NodeExecutor start(ExecutorConfig config, Options options)
            throws CgroupUnavailableException, IOException, InterruptedException {
        return new NodeExecutor(config, options);
    }

    private void every(Duration period, String what, Runnable task) {
        sync.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A failed pass must not cancel the schedule; the next pass retries.
                LOG.error("{} pass failed: {}", what, e.toString(), e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fatal(Throwable error) {
        stopped.complete(error);
    }

    /** Blocks until the executor stops: null after {@link #close()}, the cause after a fatal error. */
    public Throwable awaitStopped() throws InterruptedException {
        try {
            return stopped.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    public HostReconciler.Summary reconciled() {
        return reconciled;
    }

    public HostAgent host() {
        return host;
    }

    public CommandConsumer consumer() {
        return consumer;
    }

    /**
     * Graceful stop (SIGTERM): the consumer finishes or rolls back the record in flight and
     * commits; statuses are flushed; pods keep running. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (endpoint != null) {
            endpoint.close();
        }
        consumer.shutdown();
        try {
            consumerThread.join(config.applyTimeout().plusSeconds(15).toMillis());
            if (consumerThread.isAlive()) {
                LOG.error("consumer thread did not stop within the apply timeout");
            }
            sync.shutdownNow();
            sync.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        host.close();
        if (ownedSink != null) {
            ownedSink.close(); // sends what it can within its bound: a flush would wait forever for a broker that is gone
        } else {
            sink.flush();
        }
        stopped.complete(null);
        LOG.info("node-executor {} stopped; {} pods left running; {}", config.nodeId(), host.view().size(), host.knobs());
    }
}
