package io.sigmaflow.executor;

import io.sigmaflow.executor.cgroup.CgroupController;
import io.sigmaflow.executor.cgroup.CgroupTree;
import io.sigmaflow.executor.cgroup.CgroupUnavailableException;
import io.sigmaflow.executor.cgroup.CpuPriorityUpdater;
import io.sigmaflow.executor.cgroup.KnobWriter;
import io.sigmaflow.executor.config.ExecutorConfig;
import io.sigmaflow.executor.emergency.BestEffortThrottle;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.isolation.CpuTopology;
import io.sigmaflow.executor.isolation.CpusetPools;
import io.sigmaflow.executor.isolation.HostFeatures;
import io.sigmaflow.executor.isolation.IsolationSettings;
import io.sigmaflow.executor.ledger.PodLedger;
import io.sigmaflow.executor.pod.CpuOverride;
import io.sigmaflow.executor.pod.HostIsolation;
import io.sigmaflow.executor.pod.HostView;
import io.sigmaflow.executor.pod.PlacementApplier;
import io.sigmaflow.executor.pod.PodSupervisor;
import io.sigmaflow.executor.pod.PriorityApplier;
import io.sigmaflow.executor.pod.StepRunner;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.executor.runtime.PayloadPolicy;
import io.sigmaflow.executor.runtime.PodRuntime;
import io.sigmaflow.executor.runtime.ProcessRuntime;
import io.sigmaflow.executor.sync.HostReconciler;
import io.sigmaflow.executor.sync.InventoryReporter;
import io.sigmaflow.executor.sync.PodWatcher;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of an executor that acts on the host, without Kafka: the cgroup subtree, the
 * ledger, the runtime, the appliers, the watcher, the inventory and the emergency rule, wired
 * from one config. {@link NodeExecutor} feeds it from Kafka and schedules it; tests drive it
 * directly.
 */
public final class HostAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);
    private final ExecutorConfig config;
    private final StateDirLock lock;
    private final HostView view = new HostView();
    private final KnobWriter knobs = new KnobWriter();
    private final PodLedger ledger;
    private final StepRunner steps;
    private final PodSupervisor supervisor;
    private final PlacementApplier placements;
    private final PriorityApplier priorities;
    private final PodWatcher watcher;
    private final InventoryReporter inventory;
    private final BestEffortThrottle throttle;
    private final HostReconciler reconciler;
    private final HostFeatures features;
    private final HostIsolation isolation;

    /**
     * @param runtimeDecorator wraps the process runtime (identity in production; tests inject faults)
     */
    public HostAgent(ExecutorConfig config, UnaryOperator<PodRuntime> runtimeDecorator, StatusSink sink, RunDelayProbe probe)
            throws CgroupUnavailableException, IOException {
        this.config = config;
        String node = config.nodeId();
        this.lock = StateDirLock.acquire(config.stateDir());
        CgroupTree tree;
        IsolationSettings settings = config.isolation();
        Set<CgroupController> wanted = EnumSet.of(CgroupController.CPU);
        if (settings.memoryLimits()) {
            wanted.add(CgroupController.MEMORY);
        }
        if (settings.dedicatedCores()) {
            wanted.add(CgroupController.CPUSET);
        }
        if (config.gpuCount() > 0) {
            wanted.add(CgroupController.DEVICES); // pods are denied the GPUs they were not given (v1)
        }
        try {
            tree = CgroupTree.open(config.cgroupMode(), config.cgroupVersion(), config.cgroupMount(), config.cgroupParent(), wanted);
            this.ledger = PodLedger.open(config.stateDir().resolve("ledger"));
        } catch (CgroupUnavailableException | IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        CpuTopology topology = null;
        if (tree.has(CgroupController.CPUSET)) {
            try {
                topology = CpuTopology.read(settings.sysfsCpu());
            } catch (IOException | RuntimeException e) {
                LOG.warn("no dedicated cores: cannot read the CPU topology under {}: {}", settings.sysfsCpu(), e.toString());
            }
        }
        this.features = HostFeatures.detect(tree, topology != null);
        this.isolation = new HostIsolation(features,
                features.cpusets() ? new CpusetPools(topology, settings, ledger) : null);
        LOG.info("node {}: {}{}", node, features, topology == null ? "" : "; " + topology.describe());
        PayloadPolicy policy = new PayloadPolicy(config.allowlist());
        PodRuntime runtime = runtimeDecorator.apply(
                new ProcessRuntime(policy, config.payloadUser(), config.setpriv(), config.setsid()));
        this.steps = new StepRunner("node-executor-step-" + node, config.applyTimeout());
        this.supervisor = new PodSupervisor(node, tree, new CpuPriorityUpdater(tree.version(), knobs, features.groupIdentity()), runtime,
                config.stateDir().resolve("pods"), config.stopGrace(), steps, config.gpuCount());
        this.placements = new PlacementApplier(node, ledger, view, supervisor, policy, config.capacity(),
                config.refuseOvercommit(), sink, isolation, config.gpuCount());
        this.priorities = new PriorityApplier(node, ledger, view, supervisor);
        this.throttle = config.emergency().map(s -> new BestEffortThrottle(node, view, supervisor, probe, s, sink)).orElse(null);
        CpuOverride override = throttle == null ? CpuOverride.NONE : throttle;
        placements.setCpuOverride(override);
        priorities.setCpuOverride(override);
        this.watcher = new PodWatcher(node, view, ledger, supervisor, sink, isolation);
        this.inventory = new InventoryReporter(node, view, sink);
        this.reconciler = new HostReconciler(node, view, ledger, supervisor, placements, override, sink);
    }

    /** The REGISTER event of this node: capacity, topology and labels from the config. */
    public NodeEvent registration() {
        return NodeEvent.newBuilder()
                .setNodeId(config.nodeId())
                .setType(NodeEventType.REGISTER)
                .setCapacity(config.capacity())
                .setAllocatable(config.capacity())
                .setTopology(config.topology())
                .setLabels(labels())
                .setGpus(config.gpus())
                .setEventTimeMs(System.currentTimeMillis())
                .build();
    }

    /**
     * The config's labels plus what this host enforces ({@link HostFeatures#labels}); the
     * detected ones win over a config line that names the same key.
     */
    public Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>(config.labels());
        int dedicatable = isolation.pools().map(p -> p.topology().cpus().size() - config.isolation().sharedCpusMin()).orElse(0);
        labels.putAll(features.labels(Math.max(0, dedicatable)));
        return labels;
    }

    public ExecutorConfig config() {
        return config;
    }

    /** What this host's kernel offers and the executor enforces. */
    public HostFeatures features() {
        return features;
    }

    public HostIsolation isolation() {
        return isolation;
    }

    public HostView view() {
        return view;
    }

    public KnobWriter knobs() {
        return knobs;
    }

    public PodLedger ledger() {
        return ledger;
    }

    public PodSupervisor supervisor() {
        return supervisor;
    }

    public PlacementApplier placements() {
        return placements;
    }

    public PriorityApplier priorities() {
        return priorities;
    }

    public PodWatcher watcher() {
        return watcher;
    }

    public InventoryReporter inventory() {
        return inventory;
    }

    public Optional<BestEffortThrottle> throttle() {
        return Optional.ofNullable(throttle);
    }

    public HostReconciler reconciler() {
        return reconciler;
    }

    /** Stops the step worker and releases the state dir; pods keep running. */
    @Override
    public void close() {
        steps.close();
        lock.close();
    }
}
