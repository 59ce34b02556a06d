package io.sigmaflow.executor.cgroup;

import io.sigmaflow.executor.pod.SafeName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The executor's own subtree of the cpu cgroup hierarchy: {@code <controller root>/<parent>/pod-<id>}.
 * Finds the hierarchy (v1 {@code <mount>/cpu}, v2 {@code <mount>} or the hybrid
 * {@code <mount>/unified}), creates and removes pod cgroups, lists them and their processes.
 * Pod directories carry a {@code pod-} prefix so no pod id can name a control file of the parent.
 */
public final class CgroupTree {
    public static final String POD_DIR_PREFIX = "pod-";
    public static final String PROCS = "cgroup.procs";

    /** Files and values a kernel creates in a new cpu cgroup, for the simulated mode. */
    private static final Map<CgroupVersion, Map<String, String>> KERNEL_DEFAULTS = Map.of(
            CgroupVersion.V1, Map.of(CpuKnob.CPU_SHARES.file(), "1024", CpuKnob.CFS_QUOTA_US.file(), "-1",
                    CpuKnob.CFS_PERIOD_US.file(), "100000", CpuKnob.CPU_IDLE_V1.file(), "0", PROCS, "", "tasks", ""),
            CgroupVersion.V2, Map.of(CpuKnob.CPU_WEIGHT.file(), "100", CpuKnob.CPU_MAX.file(), "max 100000",
                    CpuKnob.CPU_IDLE_V2.file(), "0", PROCS, ""));

    private final CgroupMode mode;
    private final CgroupVersion version;
    private final Path controllerRoot;
    private final Path parent;

    private CgroupTree(CgroupMode mode, CgroupVersion version, Path controllerRoot, Path parent) {
        this.mode = mode;
        this.version = version;
        this.controllerRoot = controllerRoot;
        this.parent = parent;
    }

    /**
     * Finds the cpu hierarchy under {@code mount} and creates {@code parent} (a relative path,
     * each component a {@link SafeName}) in it.
     *
     * @param forced the version to use, or empty to detect it (kernel mode only)
     */
    public static CgroupTree open(CgroupMode mode, Optional<CgroupVersion> forced, Path mount, String parent)
            throws CgroupUnavailableException {
        for (String part : parent.split("/")) {
            Optional<String> problem = SafeName.problem(part);
            if (problem.isPresent()) {
                throw new CgroupUnavailableException("cgroup parent '" + parent + "': component '" + part + "' " + problem.get());
            }
        }
        CgroupTree tree = mode == CgroupMode.SIMULATED
                ? simulated(forced.orElse(CgroupVersion.V2), mount, parent)
                : kernel(forced, mount, parent);
        tree.ensureParent();
        return tree;
    }

    private static CgroupTree simulated(CgroupVersion version, Path mount, String parent) throws CgroupUnavailableException {
        Path root = version == CgroupVersion.V1 ? mount.resolve("cpu") : mount;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new CgroupUnavailableException("simulated cgroup root " + root + " cannot be created: " + e);
        }
        return new CgroupTree(CgroupMode.SIMULATED, version, root, root.resolve(parent));
    }

    private static CgroupTree kernel(Optional<CgroupVersion> forced, Path mount, String parent) throws CgroupUnavailableException {
        List<String> looked = new ArrayList<>();
        if (forced.isEmpty() || forced.get() == CgroupVersion.V2) {
            for (Path candidate : List.of(mount, mount.resolve("unified"))) {
                Path controllers = candidate.resolve("cgroup.controllers");
                looked.add(controllers + " listing cpu");
                if (readWords(controllers).contains("cpu")) {
                    return new CgroupTree(CgroupMode.KERNEL, CgroupVersion.V2, candidate, candidate.resolve(parent));
                }
            }
        }
        if (forced.isEmpty() || forced.get() == CgroupVersion.V1) {
            Path cpu = mount.resolve("cpu");
            looked.add(cpu.resolve(CpuKnob.CPU_SHARES.file()).toString());
            if (Files.isRegularFile(cpu.resolve(CpuKnob.CPU_SHARES.file()))) {
                return new CgroupTree(CgroupMode.KERNEL, CgroupVersion.V1, cpu, cpu.resolve(parent));
            }
        }
        throw new CgroupUnavailableException("no cpu cgroup " + forced.map(v -> v + " ").orElse("")
                + "found under " + mount + " (looked for " + String.join(", ", looked)
                + "); set cgroup.mount to where cgroups are mounted, or cgroup.mode=simulated on a host without them");
    }

    private void ensureParent() throws CgroupUnavailableException {
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new CgroupUnavailableException("cannot create the cgroup parent " + parent + ": " + e
                    + (mode == CgroupMode.KERNEL ? "; run the executor as root (or delegate that subtree to its user),"
                            + " or use cgroup.mode=simulated" : ""));
        }
        if (mode == CgroupMode.KERNEL && version == CgroupVersion.V2) {
            // v2 only creates cpu.* files in a child when every ancestor enables cpu for its children.
            for (Path dir = controllerRoot; ; dir = dir.resolve(parent.getName(dir.getNameCount()))) {
                Path control = dir.resolve("cgroup.subtree_control");
                if (!readWords(control).contains("cpu")) {
                    try {
                        Files.writeString(control, "+cpu");
                    } catch (IOException e) {
                        throw new CgroupUnavailableException("cannot enable the cpu controller in " + control + ": " + e
                                + " (v2 refuses it while that cgroup itself holds processes; use a parent without processes)");
                    }
                }
                if (dir.equals(parent)) {
                    break;
                }
            }
        }
    }

    public CgroupMode mode() {
        return mode;
    }

    public CgroupVersion version() {
        return version;
    }

    /** The directory that holds every pod cgroup of this executor. */
    public Path parent() {
        return parent;
    }

    /** The cgroup of pod {@code podId}; the id must be a {@link SafeName}. */
    public Path podDir(String podId) {
        if (SafeName.problem(podId).isPresent()) {
            throw new IllegalArgumentException("unsafe pod id '" + SafeName.printable(podId) + "'");
        }
        return parent.resolve(POD_DIR_PREFIX + podId);
    }

    public Path procsFile(String podId) {
        return podDir(podId).resolve(PROCS);
    }

    /** Creates the pod's cgroup if missing; returns its directory. */
    public Path createPod(String podId) throws IOException {
        Path dir = podDir(podId);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            return dir;
        }
        if (mode == CgroupMode.SIMULATED) {
            for (Map.Entry<String, String> file : KERNEL_DEFAULTS.get(version).entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        }
        return dir;
    }

    /**
     * Removes the pod's cgroup; the kernel refuses (EBUSY) while processes remain, so callers
     * stop them first. Missing is fine.
     */
    public void removePod(String podId) throws IOException {
        Path dir = podDir(podId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (mode == CgroupMode.SIMULATED) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
        }
        try {
            Files.delete(dir);
        } catch (NoSuchFileException e) {
            // Gone already: the effect we wanted.
        }
    }

    /** Ids of the pod cgroups present under the parent (what the host actually has). */
    public List<String> pods() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, POD_DIR_PREFIX + "*")) {
            for (Path d : dirs) {
                String id = d.getFileName().toString().substring(POD_DIR_PREFIX.length());
                if (Files.isDirectory(d) && SafeName.problem(id).isEmpty()) {
                    ids.add(id);
                }
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /** Process ids listed in the pod's cgroup (may include exited ones in the simulated mode). */
    public Set<Long> pids(String podId) {
        Set<Long> pids = new LinkedHashSet<>();
        for (String word : readWords(procsFile(podId))) {
            try {
                pids.add(Long.parseLong(word));
            } catch (NumberFormatException e) {
                // Not a pid: ignore rather than kill something by mistake.
            }
        }
        return pids;
    }

    @Override
    public String toString() {
        return "cgroup " + version + " (" + mode.name().toLowerCase() + ") at " + parent;
    }

    private static List<String> readWords(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
