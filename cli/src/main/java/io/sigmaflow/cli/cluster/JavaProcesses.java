package io.sigmaflow.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the cluster's JVMs as background processes that outlive this command (their own session
 * through {@code setsid}, so a Ctrl-C in the terminal that ran {@code cluster up} does not reach
 * them), each logging to its own file, and finds and stops them by pid.
 */
public final class JavaProcesses {
    /**
     * What the launcher gives every JVM: Avro's class trust, Avro's generated encoders (the same
     * bytes as its schema-driven writer, less cpu), and the opens Flink and Kafka need on JDK 17+.
     */
    static final List<String> JVM_OPTS = List.of(
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.sigmaflow.schema",
            "-Dorg.apache.avro.specific.use_custom_coders=true",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");

    private JavaProcesses() {}

    /** This JVM's {@code java}. */
    static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** {@link #JVM_OPTS}, plus the Unsafe switch on JDK 24+ (Kafka and Flink use sun.misc.Unsafe). */
    static List<String> jvmOpts() {
        List<String> opts = new ArrayList<>(JVM_OPTS);
        if (Runtime.version().feature() >= 24) {
            opts.add("--sun-misc-unsafe-memory-access=allow");
        }
        return opts;
    }

    /** Runs {@code java jvmArgs -cp cp main args} in the background, output to {@code log}; its pid. */
    static long start(List<String> jvmArgs, String cp, String main, List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(java());
        cmd.addAll(jvmOpts());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(main);
        cmd.addAll(args);
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // setsid execs java in place (the pid stays the same) unless it must fork, which it does
        // only when already a group leader: never for a child of this JVM.
        return p.pid();
    }

    /** Runs a JVM to its end (a tool: format storage, compute memory options); its output. */
    static String run(List<String> jvmArgs, String cp, String main, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmOpts());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", cp, main));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(main + " failed (exit " + p.exitValue() + "): " + out);
        }
        return out;
    }

    /** True when {@code pid} is a live process running {@code main} (a reused pid running something else is not ours). */
    static boolean alive(long pid, String main) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        try {
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            return cmdline.contains(main);
        } catch (IOException e) {
            return h.get().isAlive();
        }
    }

    /**
     * TERM to every pid still running {@code main}, at once, then KILL what is left after
     * {@code graceMs}; the pids that are gone. At once because KRaft nodes stopped one by one hang:
     * the last ones wait for a controller quorum that has already left.
     */
    static java.util.Set<Long> stop(List<Long> pids, String main, long graceMs) throws InterruptedException {
        List<ProcessHandle> ours = new ArrayList<>();
        for (long pid : pids) {
            if (alive(pid, main)) {
                ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
                h.destroy();
                ours.add(h);
            }
        }
        long deadline = System.currentTimeMillis() + graceMs;
        while (ours.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        ours.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.currentTimeMillis() + 10_000;
        while (ours.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < killDeadline) {
            Thread.sleep(100);
        }
        java.util.Set<Long> gone = new java.util.HashSet<>();
        ours.stream().filter(h -> !h.isAlive()).forEach(h -> gone.add(h.pid()));
        return gone;
    }
}
