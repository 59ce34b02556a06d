package io.sigmaflow.cli.hosts;

import io.sigmaflow.executor.cgroup.CgroupUnavailableException;
import io.sigmaflow.executor.config.ConfigException;
import io.sigmaflow.executor.local.SimulatedHosts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./sigma hosts --count N --bootstrap HOST:PORT [--dir D] [--prefix P]
 * [--cgroups auto|kernel|simulated] [--keep-pods] [--set KEY=VALUE]...}: runs N simulated hosts
 * until Ctrl-C; then stops their pods unless {@code --keep-pods}.
 */
public final class LocalHostsCommand {
    static final String USAGE = """
            usage: hosts --count N --bootstrap HOST:PORT [--dir D] [--prefix P] [--cgroups auto|kernel|simulated]
                         [--keep-pods] [--set KEY=VALUE]...
              --count     number of hosts, host-1..host-N (2 per chassis, 2 chassis per core switch, 8 CPUs, 16 GiB each)
              --dir       state of every host (default .sigma/hosts)
              --cgroups   auto: the kernel's cpu cgroup when writable (root), else simulated files
              --keep-pods leave pods running on exit (a restart adopts them)
              --set       a node-executor setting for every host, e.g. --set payload.allowlist=/usr/bin/sleep""";

    private LocalHostsCommand() {}

    public static void main(String[] args) throws Exception {
        List<String> problems = new ArrayList<>();
        Integer count = null;
        String bootstrap = null;
        Path dir = Path.of(".sigma", "hosts");
        String prefix = "";
        String cgroups = "auto";
        boolean keepPods = false;
        Properties common = new Properties();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--keep-pods")) {
                keepPods = true;
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                problems.add(a + ": needs a value");
                break;
            }
            String v = args[++i];
            switch (a) {
                case "--count" -> {
                    try {
                        count = Integer.parseInt(v);
                        if (count < 1 || count > 1000) {
                            problems.add("--count " + v + ": must be between 1 and 1000");
                        }
                    } catch (NumberFormatException e) {
                        problems.add("--count " + v + ": not a whole number");
                    }
                }
                case "--bootstrap" -> bootstrap = v;
                case "--dir" -> dir = Path.of(v);
                case "--prefix" -> prefix = v;
                case "--cgroups" -> {
                    cgroups = v;
                    if (!List.of("auto", "kernel", "simulated").contains(v)) {
                        problems.add("--cgroups " + v + ": expected auto, kernel or simulated");
                    }
                }
                case "--set" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        problems.add("--set " + v + ": expected KEY=VALUE");
                    } else {
                        common.setProperty(v.substring(0, eq).trim(), v.substring(eq + 1).trim());
                    }
                }
                default -> problems.add(a + ": unknown option");
            }
        }
        if (count == null && problems.stream().noneMatch(p -> p.startsWith("--count"))) {
            problems.add("--count: required");
        }
        if (bootstrap == null) {
            problems.add("--bootstrap: required");
        }
        if (!problems.isEmpty()) {
            fail(problems);
        }
        // Absolute: a pod's shell starts in its own work dir, where a relative cgroup path is wrong.
        dir = dir.toAbsolutePath().normalize();
        boolean kernel = switch (cgroups) {
            case "kernel" -> true;
            case "simulated" -> false;
            default -> SimulatedHosts.kernelCgroupsWritable();
        };
        SimulatedHosts hosts;
        try {
            hosts = SimulatedHosts.start(bootstrap, prefix, dir, SimulatedHosts.Layout.of(count), kernel, common);
        } catch (ConfigException e) {
            fail(e.problems());
            return;
        } catch (CgroupUnavailableException e) {
            System.err.println("hosts: " + e.getMessage());
            System.exit(3);
            return;
        }
        System.out.printf("%d simulated hosts (host-1..host-%d) on %s, cgroups %s, state in %s; Ctrl-C stops them%n",
                count, count, bootstrap, kernel ? "in the kernel under " + SimulatedHosts.CGROUP_TOP : "simulated", dir);
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
    }

    private static void fail(List<String> problems) {
        System.err.println("hosts: invalid arguments:");
        problems.forEach(p -> System.err.println("  " + p));
        System.err.println(USAGE);
        System.exit(2);
    }
}
