package io.sigmaflow.cli.hosts;

import io.sigmaflow.cli.support.BootstrapConverter;
import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.cli.support.TopicPrefix;
import io.sigmaflow.executor.cgroup.CgroupUnavailableException;
import io.sigmaflow.executor.config.ConfigException;
import io.sigmaflow.executor.local.SimulatedHosts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma hosts --count N --bootstrap HOST:PORT [--dir D] [--prefix P]
 * [--cgroups auto|kernel|simulated] [--keep-pods] [--set KEY=VALUE]...}: runs N simulated hosts
 * until Ctrl-C; then stops their pods unless {@code --keep-pods}. Exit 3: kernel cgroups asked
 * for and not usable.
 */
@Command(name = "hosts",
        subcommands = {SigningKeyCommand.class},
        description = {"Run N simulated hosts, host-1..host-N (2 per chassis, 2 chassis per core switch, 8 CPUs, 16 GiB"
            + " each), each its own node executor and cgroup subtree, until Ctrl-C.",
            "Exit codes: 2 bad arguments or settings, 3 kernel cgroups asked for and not usable."},
        footer = "  ./sigma hosts --count 12 --bootstrap 127.0.0.1:9092 --cgroups simulated --set payload.allowlist=/usr/bin/sleep")
public final class LocalHostsCommand implements Callable<Integer> {
    /** How the hosts' cgroups are written. */
    enum Cgroups { AUTO, KERNEL, SIMULATED }

    @Spec
    private CommandSpec spec;

    @Option(names = "--count", paramLabel = "N", description = "number of hosts, 1 to 1000; required")
    private Integer count;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", converter = BootstrapConverter.class,
            description = "Kafka bootstrap servers; required")
    private String bootstrap;

    @Option(names = "--dir", paramLabel = "D", description = "state of every host (default: ${DEFAULT-VALUE})")
    private Path dir = Path.of(".sigma", "hosts");

    @Mixin
    private TopicPrefix prefix;

    @Option(names = "--cgroups", paramLabel = "MODE",
            description = "auto (default): the kernel's cpu cgroup when writable (root), else simulated files; kernel; simulated")
    private Cgroups cgroups = Cgroups.AUTO;

    @Option(names = "--keep-pods", description = "leave pods running on exit (a restart adopts them)")
    private boolean keepPods;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "a node-executor setting for every host, repeatable, e.g. --set payload.allowlist=/usr/bin/sleep")
    private Map<String, String> settings = new LinkedHashMap<>();

    public static void main(String[] args) {
        SigmaCli.main(new LocalHostsCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        Problems problems = new Problems();
        if (count == null) {
            problems.add("--count: required");
        } else if (count < 1 || count > 1000) {
            problems.add("--count " + count + ": must be between 1 and 1000");
        }
        if (bootstrap == null) {
            problems.add("--bootstrap: required");
        }
        problems.throwIfAny(spec);
        Properties common = new Properties();
        settings.forEach((k, v) -> common.setProperty(k.trim(), v.trim()));
        // Absolute: a pod's shell starts in its own work dir, where a relative cgroup path is wrong.
        Path stateDir = dir.toAbsolutePath().normalize();
        boolean kernel = switch (cgroups) {
            case KERNEL -> true;
            case SIMULATED -> false;
            case AUTO -> SimulatedHosts.kernelCgroupsWritable();
        };
        SimulatedHosts hosts;
        try {
            hosts = SimulatedHosts.start(bootstrap, prefix.prefix(), stateDir, SimulatedHosts.Layout.of(count), kernel, common);
        } catch (ConfigException e) {
            problems.addAll(e.problems()).throwIfAny(spec);
            return SigmaCli.USAGE_ERROR;
        } catch (CgroupUnavailableException e) {
            System.err.println("hosts: " + e.getMessage());
            return 3;
        }
        System.out.printf("%d simulated hosts (host-1..host-%d) on %s, cgroups %s, state in %s; Ctrl-C stops them%n",
                count, count, bootstrap, kernel ? "in the kernel under " + SimulatedHosts.CGROUP_TOP : "simulated", stateDir);
        CountDownLatch done = new CountDownLatch(1);
        boolean stopPods = !keepPods;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hosts.close();
            if (stopPods) {
                hosts.killPods();
            }
            done.countDown();
        }, "hosts-shutdown"));
        done.await();
        return 0;
    }
}
