package io.sigmaflow.executor.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a payload as a plain process, like Nomad's raw_exec, but unprivileged and in its cgroup:
 * {@code /bin/sh} writes its own pid into the pod's {@code cgroup.procs} and then execs, through
 * {@code setsid} (its own session: a Ctrl-C or a signal to the executor's process group does not
 * reach pods) and {@code setpriv} (the payload user, no supplementary groups, no capabilities,
 * no_new_privs), into the allowlisted executable. The pid never changes along that chain, so the
 * payload's first instruction already runs inside the cgroup. Arguments travel as argv, never
 * through a shell. The environment is rebuilt from scratch.
 */
public final class ProcessRuntime implements PodRuntime {
    /**
     * Runs as {@code sh -c JOIN sigmaflow-pod <n> <procs 1..n> <command...>}: joins each cgroup
     * (one per v1 hierarchy) in order; 125 means it could not join one.
     */
    static final String JOIN_CGROUP = "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n-1)); done;"
            + " exec \"$@\"";
    static final int JOIN_FAILED = 125;
    private static final String PID_FILE = "pid";
    private static final long JOIN_POLL_MS = 2;

    private final PayloadPolicy policy;
    private final Optional<PayloadUser> user;
    private final Path setpriv;
    private final Path setsid;

    /**
     * @param user the account payloads run as, or empty to run them as the executor's own
     *     (non-root) user
     */
    public ProcessRuntime(PayloadPolicy policy, Optional<PayloadUser> user, Path setpriv, Path setsid) {
        this.policy = policy;
        this.user = user;
        this.setpriv = setpriv;
        this.setsid = setsid;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public RunningPod start(PodLaunch launch) throws PodStartException, InterruptedException {
        // The caller checked already; checking again here keeps the last gate next to exec.
        Optional<String> refusal = policy.refusal(launch.payload());
        if (refusal.isPresent()) {
            throw PodStartException.refused(refusal.get());
        }
        Path exe = Path.of(launch.payload().getExecutable());
        if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
            throw PodStartException.failed("allowlisted executable " + exe + " is missing or not executable on this host", null);
        }
        Path work;
        try {
            work = prepareDirectories(launch.podStateDir());
        } catch (IOException e) {
            throw PodStartException.failed("cannot prepare " + launch.podStateDir() + ": " + e, e);
        }
        ProcessBuilder pb = new ProcessBuilder(command(launch))
                .directory(work.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.podStateDir().resolve("stdout.log").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(launch.podStateDir().resolve("stderr.log").toFile()));
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(launch.payload().getEnv());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", work.toString());
        env.put("SIGMAFLOW_POD_ID", launch.podId());
        env.put("SIGMAFLOW_NODE_ID", String.valueOf(launch.nodeId()));
        env.put("SIGMAFLOW_APP_ID", String.valueOf(launch.appId()));
        env.putAll(GpuVisibility.environment(launch.gpus()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw PodStartException.failed("cannot start " + exe + ": " + e.getMessage(), e);
        }
        ChildPod pod = new ChildPod(process);
        try {
            writePidFile(launch.podStateDir(), process.toHandle());
            awaitCgroupJoin(process, launch.procsFile(), launch.joinFiles());
            return pod;
        } catch (IOException | PodStartException | RuntimeException | InterruptedException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw e instanceof PodStartException pse ? pse : PodStartException.failed("cannot start " + exe + ": " + e, e);
        }
    }

    @Override
    public Optional<RunningPod> adopt(String podId, Path podStateDir, Set<Long> cgroupPids) {
        String[] recorded;
        try {
            recorded = Files.readString(podStateDir.resolve(PID_FILE), StandardCharsets.US_ASCII).trim().split("\\s+");
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(recorded[0]);
            long startedMs = recorded.length > 1 ? Long.parseLong(recorded[1]) : -1;
            if (!cgroupPids.contains(pid)) {
                return Optional.empty();
            }
            // The start time guards against a recycled pid after a reboot or in simulated mode.
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> startedMs < 0 || h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startedMs)
                    .map(AdoptedPod::new);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private List<String> command(PodLaunch launch) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", JOIN_CGROUP, "sigmaflow-pod",
                String.valueOf(launch.joinFiles().size())));
        launch.joinFiles().forEach(f -> cmd.add(f.toString()));
        cmd.add(setsid.toString());
        if (user.isPresent()) {
            cmd.addAll(List.of(setpriv.toString(), "--reuid=" + user.get().uid(), "--regid=" + user.get().gid(),
                    "--clear-groups", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"));
        }
        cmd.add(launch.payload().getExecutable());
        cmd.addAll(launch.payload().getArgs());
        return cmd;
    }

    /** The pod's state dir (root-owned) and its working directory, owned by the payload user. */
    private Path prepareDirectories(Path podStateDir) throws IOException {
        Files.createDirectories(podStateDir);
        Path work = podStateDir.resolve("work");
        Files.createDirectories(work);
        if (user.isPresent()) {
            UserPrincipalLookupService lookup = work.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(work, lookup.lookupPrincipalByName(user.get().name()));
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
        }
        return work;
    }

    private static void writePidFile(Path podStateDir, ProcessHandle handle) throws IOException {
        long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        Path tmp = podStateDir.resolve(PID_FILE + ".tmp");
        Files.writeString(tmp, handle.pid() + " " + started + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, podStateDir.resolve(PID_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Returns once the pid is listed in the cgroup, or the process has exited without joining. */
    private static void awaitCgroupJoin(Process process, Path procsFile, List<Path> joinFiles) throws InterruptedException, PodStartException {
        String pid = String.valueOf(process.pid());
        while (true) {
            if (listed(procsFile, pid)) {
                return;
            }
            if (!process.isAlive()) {
                int code = process.exitValue();
                if (code == JOIN_FAILED) {
                    throw PodStartException.failed("could not join the cgroup (one of " + joinFiles
                            + " not writable, or a v1 cpuset without CPUs)", null);
                }
                // Exited at once after joining (the kernel already dropped it from the list):
                // a start, followed by an exit the watcher reports.
                return;
            }
            Thread.sleep(JOIN_POLL_MS);
        }
    }

    private static boolean listed(Path procsFile, String pid) {
        try {
            return Files.readAllLines(procsFile, StandardCharsets.US_ASCII).stream().anyMatch(l -> l.trim().equals(pid));
        } catch (IOException e) {
            return false; // the wrapper's own write fails too, and it exits with JOIN_FAILED
        }
    }

    /** A pod this JVM started: its exit code is known. */
    private record ChildPod(Process process) implements RunningPod {
        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public OptionalInt exitCode() {
            return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        }

        @Override
        public Stream<ProcessHandle> processes() {
            return Stream.concat(Stream.of(process.toHandle()), process.descendants());
        }
    }

    /** A pod found running after a restart: not our child, so its exit code is unknown. */
    private record AdoptedPod(ProcessHandle handle) implements RunningPod {
        @Override
        public long pid() {
            return handle.pid();
        }

        @Override
        public boolean isAlive() {
            return handle.isAlive();
        }

        @Override
        public OptionalInt exitCode() {
            return OptionalInt.empty();
        }

        @Override
        public Stream<ProcessHandle> processes() {
            return Stream.concat(Stream.of(handle), handle.descendants());
        }
    }
}
