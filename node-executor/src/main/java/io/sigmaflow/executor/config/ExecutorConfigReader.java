package io.sigmaflow.executor.config;

import io.sigmaflow.connectors.security.HostSignatures;
import io.sigmaflow.executor.cgroup.CgroupMode;
import io.sigmaflow.executor.cgroup.CgroupVersion;
import io.sigmaflow.executor.emergency.BestEffortThrottle;
import io.sigmaflow.executor.isolation.CpuTopology;
import io.sigmaflow.executor.isolation.IsolationSettings;
import io.sigmaflow.executor.pod.SafeName;
import io.sigmaflow.executor.runtime.PayloadUser;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads an executor's configuration ({@link ExecutorOptions}): {@code --node-id}, {@code --bootstrap},
 * an optional {@code --config} properties file and {@code --set key=value} overrides (later wins). Every
 * problem is collected and reported with the field it concerns; nothing starts on a bad config.
 */
public final class ExecutorConfigReader {
    private static final String LABEL_PREFIX = "node.label.";
    private static final String AUTO = "auto";

    private ExecutorConfigReader() {}

    /**
     * The config of an executor started with {@code args} (the command line of
     * {@code ./sigma node-executor}, parsed by picocli): for tests and test mains that start an
     * executor the way {@code NodeExecutorMain} does. A command-line error is a problem too.
     */
    public static ExecutorConfig fromArgs(String[] args) throws ConfigException {
        ExecutorOptions options = new ExecutorOptions();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (ParameterException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        return read(options);
    }

    /** Reads {@code --config} (if given), applies {@code --set} over it, and checks everything. */
    public static ExecutorConfig read(ExecutorOptions options) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Properties overrides = new Properties();
        options.overrides.forEach((key, value) -> overrides.setProperty(key.trim(), value.trim()));
        Properties props = new Properties();
        String source = "--set";
        Path file = options.config;
        if (file != null) {
            source = file.toString();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                problems.add("--config " + file + ": cannot read: " + e.getMessage());
            }
        }
        props.putAll(overrides);
        if (options.nodeId == null) {
            problems.add("--node-id: required");
        }
        if (options.bootstrap == null) {
            problems.add("--bootstrap: required");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return fromProperties(options.nodeId, options.bootstrap, props, source, overrides.stringPropertyNames());
    }

    /** Builds and validates a config from already-parsed values; {@code source} names them in messages. */
    public static ExecutorConfig fromProperties(String nodeId, String bootstrap, Properties props, String source)
            throws ConfigException {
        return fromProperties(nodeId, bootstrap, props, source, Set.of());
    }

    /** As above; problems with {@code overridden} keys are attributed to {@code --set}. */
    private static ExecutorConfig fromProperties(String nodeId, String bootstrap, Properties props, String source,
            Set<String> overridden) throws ConfigException {
        Fields f = new Fields(props, source, overridden);
        SafeName.problem(nodeId).ifPresent(p -> f.problems.add("--node-id '" + SafeName.printable(nodeId) + "': " + p));
        if (!bootstrap.matches("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*")) {
            f.problems.add("--bootstrap '" + bootstrap + "': expected HOST:PORT[,HOST:PORT...]");
        }
        String topicPrefix = f.text("kafka.topic-prefix", "");
        String groupId = f.text("kafka.group-id", "sigma-node-executor-" + nodeId);
        Path stateDir = f.path("state.dir", "/var/lib/sigmaflow/node-executor/" + nodeId);

        Resources capacity = new Resources(
                f.sizeOrAuto("node.capacity.cpu-millis", HostCapacity.cpuMillis()),
                f.sizeOrAuto("node.capacity.memory-mb", HostCapacity.memoryMb()),
                f.sizeOrAuto("node.capacity.disk-mb", HostCapacity.diskMb(stateDir)));
        Topology topology = new Topology(
                f.text("node.topology.zone", "default"),
                f.text("node.topology.core-switch", "default"),
                f.text("node.topology.chassis", nodeId),
                f.text("node.topology.host", nodeId));
        Map<String, String> labels = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(LABEL_PREFIX) && key.length() > LABEL_PREFIX.length()) {
                labels.put(key.substring(LABEL_PREFIX.length()), props.getProperty(key).trim());
                f.used.add(key);
            }
        }

        CgroupMode mode = f.choice("cgroup.mode", CgroupMode.KERNEL, CgroupMode.class);
        String version = f.text("cgroup.version", AUTO).toLowerCase(Locale.ROOT);
        Optional<CgroupVersion> cgroupVersion = Optional.empty();
        switch (version) {
            case AUTO -> { }
            case "v1" -> cgroupVersion = Optional.of(CgroupVersion.V1);
            case "v2" -> cgroupVersion = Optional.of(CgroupVersion.V2);
            default -> f.problem("cgroup.version", "'" + version + "' is not auto, v1 or v2");
        }
        Path mount = f.path("cgroup.mount", "/sys/fs/cgroup");
        String parent = f.text("cgroup.parent", "sigmaflow/" + nodeId);
        for (String part : parent.split("/", -1)) {
            SafeName.problem(part).ifPresent(p -> f.problem("cgroup.parent", "component '" + part + "' " + p));
        }

        Set<Path> allowlist = f.allowlist("payload.allowlist");
        Optional<PayloadUser> user = f.payloadUser("payload.user");
        Path setpriv = f.executable("payload.setpriv", "/usr/bin/setpriv", user.isPresent());
        Path setsid = f.executable("payload.setsid", "/usr/bin/setsid", true);
        Duration stopGrace = f.millis("payload.stop-grace-ms", 10_000, 0);
        Duration applyTimeout = f.millis("apply.timeout-ms", 30_000, 1_000);
        // A stop step is the grace period, then SIGKILL and the cgroup's removal (milliseconds).
        if (applyTimeout.compareTo(stopGrace.plusSeconds(1)) < 0) {
            f.problem("apply.timeout-ms", applyTimeout.toMillis() + " must exceed payload.stop-grace-ms + 1000 ("
                    + (stopGrace.toMillis() + 1000) + ") so that a graceful stop fits in one step");
        }
        boolean refuseOvercommit = f.bool("apply.refuse-overcommit", true);
        Duration inventory = f.millis("status.inventory-interval-ms", 30_000, 100);
        Duration watch = f.millis("status.watch-interval-ms", 500, 10);
        boolean emergencyOn = f.bool("emergency.enabled", true);
        Duration emergencyInterval = f.millis("emergency.interval-ms", 1_000, 100);
        double starved = f.ratio("emergency.starved-run-delay", 0.5);
        double recovered = f.ratio("emergency.recovered-run-delay", 0.1);
        Duration restoreAfter = f.millis("emergency.restore-after-ms", 10_000, 0);
        long beQuota = f.size("emergency.be-quota-millis", 100, 1);
        if (recovered > starved) {
            f.problem("emergency.starved-run-delay", starved + " must not be below emergency.recovered-run-delay " + recovered);
        }
        IsolationSettings isolation = new IsolationSettings(
                f.bool("isolation.memory-limits", true),
                f.bool("isolation.dedicated-cores", true),
                qosList(f, "isolation.dedicated-qos", "LSR"),
                (int) f.size("isolation.shared-cpus-min", 1, 1),
                f.path("isolation.cpu-topology", CpuTopology.SYSFS_CPU.toString()));
        // Off unless asked for: several simulated executors share one machine and would collide on a port.
        int metricsPort = (int) f.size("metrics.port", 0, 0);
        if (metricsPort > 65_535) {
            f.problem("metrics.port", metricsPort + " is not a TCP port (0 = off, 1..65535)");
        }
        String metricsHost = f.text("metrics.host", "127.0.0.1");
        // Declared, not detected: the executor does not link NVML; a host without the keys has no GPUs.
        long gpuCount = f.size("node.gpus.count", 0, 0);
        String gpuModel = f.text("node.gpus.model", "").trim();
        long gpuMemory = f.size("node.gpus.memory-mb", 0, 0);
        if (gpuCount > 64) {
            f.problem("node.gpus.count", gpuCount + " is more than 64 GPUs");
        }
        if (gpuCount > 0 && gpuModel.isEmpty()) {
            f.problem("node.gpus.model", "required when node.gpus.count is " + gpuCount + " (e.g. V100M32, T4)");
        }
        io.sigmaflow.schema.GpuDevices gpus = gpuCount == 0 ? null
                : new io.sigmaflow.schema.GpuDevices((int) Math.min(gpuCount, 64), gpuModel, gpuMemory);
        HostSignatures.Signer signer = signer(f, "node.signing-key-file");
        f.rejectUnknown();
        if (!f.problems.isEmpty()) {
            throw new ConfigException(f.problems);
        }
        return new ExecutorConfig(nodeId, bootstrap, topicPrefix, groupId, capacity, topology, labels, mode, cgroupVersion,
                mount, parent, allowlist, user, setpriv, setsid, stopGrace, stateDir, applyTimeout, refuseOvercommit,
                inventory, watch, emergencyInterval,
                emergencyOn ? Optional.of(new BestEffortThrottle.Settings(starved, recovered, restoreAfter, beQuota)) : Optional.empty(),
                isolation, metricsPort, metricsHost, gpus, signer);
    }

    /**
     * This host's signing key ({@link HostSignatures}), from a file written by
     * {@code ./sigma hosts signing-key}; null when the key is not set. Messages name the file, never its contents.
     */
    private static HostSignatures.Signer signer(Fields f, String key) {
        String file = f.text(key, "");
        if (file.isEmpty()) {
            return null;
        }
        try {
            return new HostSignatures.Signer(HostSignatures.readKey(Path.of(file)));
        } catch (IOException e) {
            f.problem(key, e.getMessage());
            return null;
        }
    }

    /** A comma-separated list of QoS classes (possibly empty: no pod gets dedicated cores). */
    private static Set<QosClass> qosList(Fields f, String key, String dflt) {
        Set<QosClass> classes = EnumSet.noneOf(QosClass.class);
        for (String word : f.text(key, dflt).split(",")) {
            if (word.isBlank()) {
                continue;
            }
            try {
                classes.add(QosClass.valueOf(word.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                f.problem(key, "'" + word.trim() + "' is not a QoS class (LSR, LS, BE)");
            }
        }
        return classes;
    }

    /** Typed access to the properties, collecting one message per bad field. */
    private static final class Fields {
        private final Properties props;
        private final String source;
        private final Set<String> overridden;
        private final List<String> problems = new ArrayList<>();
        private final Set<String> used = new LinkedHashSet<>();

        Fields(Properties props, String source, Set<String> overridden) {
            this.props = props;
            this.source = source;
            this.overridden = overridden;
        }

        /** One problem, naming the key and where its value came from (file, --set, or the default). */
        void problem(String key, String what) {
            String from = overridden.contains(key) ? "--set" : props.containsKey(key) ? source : "default";
            problems.add(key + " (" + from + "): " + what);
        }

        String raw(String key) {
            used.add(key);
            String v = props.getProperty(key);
            return v == null ? null : v.trim();
        }

        String text(String key, String dflt) {
            String v = raw(key);
            return v == null || v.isEmpty() ? dflt : v;
        }

        Path path(String key, String dflt) {
            return Path.of(text(key, dflt));
        }

        long size(String key, long dflt, long min) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return dflt;
            }
            try {
                long n = Long.parseLong(v.replace("_", ""));
                if (n < min) {
                    problem(key, n + " is below the minimum " + min);
                }
                return n;
            } catch (NumberFormatException e) {
                problem(key, "'" + v + "' is not a whole number");
                return dflt;
            }
        }

        long sizeOrAuto(String key, long detected) {
            String v = raw(key);
            if (v == null || v.isEmpty() || v.equalsIgnoreCase(AUTO)) {
                if (detected <= 0) {
                    problem(key, "cannot be detected on this host; set it");
                }
                return detected;
            }
            return size(key, detected, 1);
        }

        Duration millis(String key, long dflt, long min) {
            return Duration.ofMillis(size(key, dflt, min));
        }

        double ratio(String key, double dflt) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return dflt;
            }
            try {
                double d = Double.parseDouble(v);
                if (!(d >= 0 && d <= 64)) {
                    problem(key, v + " is not a ratio between 0 and 64 (run delay per second, summed over a pod's threads)");
                }
                return d;
            } catch (NumberFormatException e) {
                problem(key, "'" + v + "' is not a number");
                return dflt;
            }
        }

        boolean bool(String key, boolean dflt) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return dflt;
            }
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                problem(key, "'" + v + "' is not true or false");
                return dflt;
            }
            return Boolean.parseBoolean(v);
        }

        <E extends Enum<E>> E choice(String key, E dflt, Class<E> type) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return dflt;
            }
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(key, "'" + v + "' is not one of " + java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
                return dflt;
            }
        }

        Set<Path> allowlist(String key) {
            String v = raw(key);
            Set<Path> paths = new LinkedHashSet<>();
            if (v == null || v.isEmpty()) {
                problem(key, "required: the absolute paths of the executables pods may run, comma-separated");
                return paths;
            }
            for (String entry : v.split(",")) {
                String e = entry.trim();
                if (e.isEmpty()) {
                    continue;
                }
                Path p = Path.of(e);
                if (!p.isAbsolute() || !p.normalize().equals(p)) {
                    problem(key, "'" + e + "' is not an absolute path without . or ..");
                } else if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                    problem(key, e + " is not an executable file on this host");
                } else {
                    paths.add(p);
                }
            }
            return paths;
        }

        Optional<PayloadUser> payloadUser(String key) {
            String v = raw(key);
            boolean root = PayloadUser.currentUid() == 0;
            if (v == null) {
                v = root ? "nobody" : "";
            }
            if (v.isEmpty()) {
                if (root) {
                    problem(key, "empty would run payloads as root; name an unprivileged user (for example nobody)");
                }
                return Optional.empty();
            }
            if (!root) {
                problem(key, "'" + v + "' needs the executor to run as root to switch users (it runs as uid "
                        + PayloadUser.currentUid() + "); leave it empty to run payloads as the executor's own user");
                return Optional.empty();
            }
            try {
                return Optional.of(PayloadUser.resolve(v));
            } catch (IOException e) {
                problem(key, e.getMessage());
                return Optional.empty();
            }
        }

        Path executable(String key, String dflt, boolean needed) {
            Path p = path(key, dflt);
            if (needed && (!Files.isRegularFile(p) || !Files.isExecutable(p))) {
                problem(key, p + " is not an executable file on this host (util-linux provides it)");
            }
            return p;
        }

        void rejectUnknown() {
            for (String key : new TreeMap<>(props).keySet().stream().map(String::valueOf).toList()) {
                if (!used.contains(key)) {
                    problem(key, "unknown setting");
                }
            }
        }
    }
}
