package io.sigmaflow.executor.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigmaflow.executor.cgroup.CgroupController;
import io.sigmaflow.executor.cgroup.CgroupMode;
import io.sigmaflow.executor.cgroup.CgroupTree;
import io.sigmaflow.executor.cgroup.CgroupUnavailableException;
import io.sigmaflow.executor.runtime.PayloadUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A private subtree of the host's real cpu cgroup ({@code sigmaflow-test-<random>}), for the
 * tests that need the kernel; skipped, with the reason, where cgroups are not writable. {@link
 * #close()} kills every process left in it and removes it, whatever the test did.
 */
public final class KernelCgroups implements AutoCloseable {
    public static final Path MOUNT = Path.of("/sys/fs/cgroup");

    private final String top = "sigmaflow-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String node;
    private final CgroupTree tree;

    private KernelCgroups(String node) {
        this.node = node;
        assumeTrue(PayloadUser.currentUid() == 0, "needs root to write cgroups (runs as uid " + PayloadUser.currentUid() + ")");
        CgroupTree opened;
        try {
            opened = CgroupTree.open(CgroupMode.KERNEL, Optional.empty(), MOUNT, top + "/" + node);
        } catch (CgroupUnavailableException e) {
            assumeTrue(false, "no writable cpu cgroup on this host: " + e.getMessage());
            throw new IllegalStateException(e);
        }
        this.tree = opened;
    }

    /** Opens {@code sigmaflow-test-<random>/<node>}, or skips the test with the reason. */
    public static KernelCgroups openOrSkip(String node) {
        return new KernelCgroups(node);
    }

    public CgroupTree tree() {
        return tree;
    }

    /** The cgroup.parent setting for an executor using this subtree. */
    public String parent() {
        return top + "/" + node;
    }

    /** Kills and removes the subtree in every hierarchy the tree manages (cpu, memory, cpuset on v1). */
    @Override
    public void close() {
        for (CgroupController c : tree.controllers()) {
            Path topDir = tree.parent(c).getParent();
            if (!Files.isDirectory(topDir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(topDir)) {
                List<Path> dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
                for (Path d : dirs) {
                    killAll(d);
                }
                for (Path d : dirs) {
                    removeWhenEmpty(d);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot clean up " + topDir + ": " + e, e);
            }
        }
    }

    /** Whether the host lets this test use {@code controller} (v1 hierarchy or v2 controller present). */
    public boolean has(CgroupController controller) {
        return tree.has(controller);
    }

    private static void killAll(Path cgroup) throws IOException {
        Path procs = cgroup.resolve("cgroup.procs");
        for (int round = 0; round < 100 && Files.exists(procs); round++) {
            List<String> pids = Files.readAllLines(procs).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(p -> ProcessHandle.of(Long.parseLong(p)).ifPresent(ProcessHandle::destroyForcibly));
            sleep(20);
        }
    }

    private static void removeWhenEmpty(Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                if (attempt > 100) {
                    throw e;
                }
                sleep(20);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
