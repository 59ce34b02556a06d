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
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The executor's own subtree of the cgroup hierarchies: {@code <controller root>/<parent>/pod-<id>}
 * for cpu and, where the host has them, memory and cpuset. Finds the hierarchies (v1
 * {@code <mount>/<controller>}, v2 {@code <mount>} or the hybrid {@code <mount>/unified}), creates
 * and removes pod cgroups (one directory per v1 hierarchy, one on v2), lists them and their
 * processes. Pod directories carry a {@code pod-} prefix so no pod id can name a control file of
 * the parent.
 */
public final class CgroupTree {
    public static final String POD_DIR_PREFIX = "pod-";
    public static final String PROCS = "cgroup.procs";

    /** Files and values a kernel creates in a new cgroup, per controller, for the simulated mode. */
    private static final Map<CgroupVersion, Map<CgroupController, Map<String, String>>> KERNEL_DEFAULTS = Map.of(
            CgroupVersion.V1, Map.of(
                    CgroupController.CPU, Map.of(CgroupKnob.CPU_SHARES.file(), "1024", CgroupKnob.CFS_QUOTA_US.file(), "-1",
                            CgroupKnob.CFS_PERIOD_US.file(), "100000", CgroupKnob.CPU_IDLE_V1.file(), "0", PROCS, "", "tasks", ""),
                    CgroupController.MEMORY, Map.of(
                            CgroupKnob.MEMORY_LIMIT_IN_BYTES.file(), String.valueOf(CgroupKnob.V1_MEMORY_UNLIMITED),
                            CgroupKnob.MEMSW_LIMIT_IN_BYTES.file(), String.valueOf(CgroupKnob.V1_MEMORY_UNLIMITED),
                            CgroupKnob.MEMORY_SWAPPINESS.file(), "60",
                            CgroupKnob.MEMORY_OOM_CONTROL.file(), "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n",
                            PROCS, "", "tasks", ""),
                    CgroupController.CPUSET, Map.of(CgroupKnob.CPUSET_CPUS_V1.file(), "", CgroupKnob.CPUSET_MEMS_V1.file(), "",
                            PROCS, "", "tasks", ""),
                    CgroupController.DEVICES, Map.of(CgroupKnob.DEVICES_DENY_V1.file(), "",
                            CgroupKnob.DEVICES_LIST_V1.file(), "a *:* rwm", PROCS, "", "tasks", "")),
            CgroupVersion.V2, Map.of(
                    CgroupController.CPU, Map.of(CgroupKnob.CPU_WEIGHT.file(), "100", CgroupKnob.CPU_MAX.file(), "max 100000",
                            CgroupKnob.CPU_IDLE_V2.file(), "0", PROCS, ""),
                    CgroupController.MEMORY, Map.of(CgroupKnob.MEMORY_MAX.file(), "max", CgroupKnob.MEMORY_SWAP_MAX.file(), "max",
                            CgroupKnob.MEMORY_EVENTS.file(), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n"),
                    CgroupController.CPUSET, Map.of(CgroupKnob.CPUSET_CPUS_V2.file(), "", CgroupKnob.CPUSET_MEMS_V2.file(), "")));

    private final CgroupMode mode;
    private final CgroupVersion version;
    private final Path controllerRoot;
    private final Path parent;
    /** Each managed controller's root; cpu always, memory and cpuset where the host has them. */
    private final Map<CgroupController, Path> roots;
    private final String parentName;

    private CgroupTree(CgroupMode mode, CgroupVersion version, Map<CgroupController, Path> roots, String parentName) {
        this.mode = mode;
        this.version = version;
        this.roots = Map.copyOf(roots);
        this.parentName = parentName;
        this.controllerRoot = roots.get(CgroupController.CPU);
        this.parent = controllerRoot.resolve(parentName);
    }

    /**
     * Finds the cpu hierarchy under {@code mount}, and memory and cpuset where present, and
     * creates {@code parent} (a relative path, each component a {@link SafeName}) in each.
     *
     * @param forced the version to use, or empty to detect it (kernel mode only)
     */
    public static CgroupTree open(CgroupMode mode, Optional<CgroupVersion> forced, Path mount, String parent)
            throws CgroupUnavailableException {
        return open(mode, forced, mount, parent,
                EnumSet.of(CgroupController.CPU, CgroupController.MEMORY, CgroupController.CPUSET));
    }

    /**
     * As {@link #open(CgroupMode, Optional, Path, String)}, managing only {@code wanted} (cpu always;
     * devices only on v1, where the kernel has that controller).
     */
    public static CgroupTree open(CgroupMode mode, Optional<CgroupVersion> forced, Path mount, String parent,
            Set<CgroupController> wanted) throws CgroupUnavailableException {
        for (String part : parent.split("/")) {
            Optional<String> problem = SafeName.problem(part);
            if (problem.isPresent()) {
                throw new CgroupUnavailableException("cgroup parent '" + parent + "': component '" + part + "' " + problem.get());
            }
        }
        CgroupTree tree = mode == CgroupMode.SIMULATED
                ? simulated(forced.orElse(CgroupVersion.V2), mount, parent, wanted)
                : kernel(forced, mount, parent, wanted);
        tree.ensureParent();
        return tree;
    }

    private static CgroupTree simulated(CgroupVersion version, Path mount, String parent, Set<CgroupController> wanted)
            throws CgroupUnavailableException {
        Map<CgroupController, Path> roots = new EnumMap<>(CgroupController.class);
        for (CgroupController c : CgroupController.values()) {
            if (c == CgroupController.DEVICES && version == CgroupVersion.V2) {
                continue; // v2 has no devices controller
            }
            if (c == CgroupController.CPU || wanted.contains(c)) {
                Path root = version == CgroupVersion.V1 ? mount.resolve(c.fileName()) : mount;
                try {
                    Files.createDirectories(root);
                } catch (IOException e) {
                    throw new CgroupUnavailableException("simulated cgroup root " + root + " cannot be created: " + e);
                }
                roots.put(c, root);
            }
        }
        return new CgroupTree(CgroupMode.SIMULATED, version, roots, parent);
    }

    private static CgroupTree kernel(Optional<CgroupVersion> forced, Path mount, String parent, Set<CgroupController> wanted)
            throws CgroupUnavailableException {
        List<String> looked = new ArrayList<>();
        if (forced.isEmpty() || forced.get() == CgroupVersion.V2) {
            for (Path candidate : List.of(mount, mount.resolve("unified"))) {
                Path controllers = candidate.resolve("cgroup.controllers");
                looked.add(controllers + " listing cpu");
                List<String> listed = readWords(controllers);
                if (listed.contains("cpu")) {
                    Map<CgroupController, Path> roots = new EnumMap<>(CgroupController.class);
                    for (CgroupController c : CgroupController.values()) {
                        if (c == CgroupController.CPU || wanted.contains(c) && listed.contains(c.fileName())) {
                            roots.put(c, candidate);
                        }
                    }
                    return new CgroupTree(CgroupMode.KERNEL, CgroupVersion.V2, roots, parent);
                }
            }
        }
        if (forced.isEmpty() || forced.get() == CgroupVersion.V1) {
            Path cpu = mount.resolve("cpu");
            looked.add(cpu.resolve(CgroupKnob.CPU_SHARES.file()).toString());
            if (Files.isRegularFile(cpu.resolve(CgroupKnob.CPU_SHARES.file()))) {
                Map<CgroupController, Path> roots = new EnumMap<>(CgroupController.class);
                roots.put(CgroupController.CPU, cpu);
                // A v1 hierarchy is usable when its defining file is there.
                if (wanted.contains(CgroupController.MEMORY)
                        && Files.isRegularFile(mount.resolve("memory").resolve(CgroupKnob.MEMORY_LIMIT_IN_BYTES.file()))) {
                    roots.put(CgroupController.MEMORY, mount.resolve("memory"));
                }
                if (wanted.contains(CgroupController.CPUSET)
                        && Files.isRegularFile(mount.resolve("cpuset").resolve(CgroupKnob.CPUSET_CPUS_V1.file()))) {
                    roots.put(CgroupController.CPUSET, mount.resolve("cpuset"));
                }
                if (wanted.contains(CgroupController.DEVICES)
                        && Files.isRegularFile(mount.resolve("devices").resolve(CgroupKnob.DEVICES_LIST_V1.file()))) {
                    roots.put(CgroupController.DEVICES, mount.resolve("devices"));
                }
                return new CgroupTree(CgroupMode.KERNEL, CgroupVersion.V1, roots, parent);
            }
        }
        throw new CgroupUnavailableException("no cpu cgroup " + forced.map(v -> v + " ").orElse("")
                + "found under " + mount + " (looked for " + String.join(", ", looked)
                + "); set cgroup.mount to where cgroups are mounted, or cgroup.mode=simulated on a host without them");
    }

    private void ensureParent() throws CgroupUnavailableException {
        for (Map.Entry<CgroupController, Path> root : roots.entrySet()) {
            Path dir = root.getValue().resolve(parentName);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new CgroupUnavailableException("cannot create the cgroup parent " + dir + ": " + e
                        + (mode == CgroupMode.KERNEL ? "; run the executor as root (or delegate that subtree to its user),"
                                + " or use cgroup.mode=simulated" : ""));
            }
        }
        if (mode == CgroupMode.KERNEL && version == CgroupVersion.V2) {
            // v2 only creates a controller's files in a child when every ancestor enables it for its children.
            for (Path dir = controllerRoot; ; dir = dir.resolve(parent.getName(dir.getNameCount()))) {
                Path control = dir.resolve("cgroup.subtree_control");
                List<String> enabled = readWords(control);
                // One write for all: the kernel takes "+cpu +memory +cpuset" at once.
                String missing = roots.keySet().stream().sorted().filter(c -> !enabled.contains(c.fileName()))
                        .map(c -> "+" + c.fileName()).collect(Collectors.joining(" "));
                if (!missing.isEmpty()) {
                    try {
                        Files.writeString(control, missing);
                    } catch (IOException e) {
                        throw new CgroupUnavailableException("cannot enable " + missing + " in " + control + ": " + e
                                + " (v2 refuses it while that cgroup itself holds processes; use a parent without processes)");
                    }
                }
                if (dir.equals(parent)) {
                    break;
                }
            }
        }
        if (mode == CgroupMode.KERNEL && version == CgroupVersion.V1 && roots.containsKey(CgroupController.CPUSET)) {
            // A new v1 cpuset starts with no CPUs and no memory nodes, and no task can join it:
            // every level of the parent gets its own parent's.
            Path root = roots.get(CgroupController.CPUSET);
            Path dir = root;
            for (Path part : Path.of(parentName)) {
                Path child = dir.resolve(part);
                try {
                    inheritCpuset(dir, child);
                } catch (IOException e) {
                    throw new CgroupUnavailableException("cannot fill " + child + "'s cpuset.cpus/mems from " + dir + ": " + e);
                }
                dir = child;
            }
        }
    }

    /** Copies cpuset.cpus and cpuset.mems of {@code from} into {@code to} where {@code to}'s are empty (v1). */
    private static void inheritCpuset(Path from, Path to) throws IOException {
        for (CgroupKnob k : List.of(CgroupKnob.CPUSET_CPUS_V1, CgroupKnob.CPUSET_MEMS_V1)) {
            if (Files.readString(to.resolve(k.file())).isBlank()) {
                Files.writeString(to.resolve(k.file()), Files.readString(from.resolve(k.file())).trim());
            }
        }
    }

    public CgroupMode mode() {
        return mode;
    }

    public CgroupVersion version() {
        return version;
    }

    /** The directory that holds every pod cgroup of this executor (in the cpu hierarchy). */
    public Path parent() {
        return parent;
    }

    /** The controllers this tree manages: cpu, and memory and cpuset where the host has them. */
    public Set<CgroupController> controllers() {
        return roots.keySet();
    }

    public boolean has(CgroupController controller) {
        return roots.containsKey(controller);
    }

    /** The parent directory in {@code controller}'s hierarchy (the same directory for all on v2). */
    public Path parent(CgroupController controller) {
        return root(controller).resolve(parentName);
    }

    /** The cgroup of pod {@code podId} in the cpu hierarchy; the id must be a {@link SafeName}. */
    public Path podDir(String podId) {
        return podDir(podId, CgroupController.CPU);
    }

    /** The cgroup of pod {@code podId} in {@code controller}'s hierarchy. */
    public Path podDir(String podId, CgroupController controller) {
        if (SafeName.problem(podId).isPresent()) {
            throw new IllegalArgumentException("unsafe pod id '" + SafeName.printable(podId) + "'");
        }
        return parent(controller).resolve(POD_DIR_PREFIX + podId);
    }

    public Path procsFile(String podId) {
        return podDir(podId).resolve(PROCS);
    }

    /**
     * Every {@code cgroup.procs} a pod's process must join: one per v1 hierarchy (devices, memory and
     * cpuset before cpu, the one whose listing shows it joined), one on v2.
     */
    public List<Path> joinFiles(String podId) {
        Set<Path> files = new LinkedHashSet<>();
        for (CgroupController c : List.of(CgroupController.DEVICES, CgroupController.MEMORY, CgroupController.CPUSET,
                CgroupController.CPU)) {
            if (roots.containsKey(c)) {
                files.add(podDir(podId, c).resolve(PROCS));
            }
        }
        return List.copyOf(files);
    }

    /** Creates the pod's cgroup in every managed hierarchy where missing; returns its cpu directory. */
    public Path createPod(String podId) throws IOException {
        for (CgroupController c : distinctDirs()) {
            Path dir = podDir(podId, c);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            if (mode == CgroupMode.SIMULATED) {
                for (CgroupController filled : version == CgroupVersion.V1 ? List.of(c) : List.copyOf(roots.keySet())) {
                    for (Map.Entry<String, String> file : KERNEL_DEFAULTS.get(version).get(filled).entrySet()) {
                        Files.writeString(dir.resolve(file.getKey()), file.getValue());
                    }
                }
            } else if (version == CgroupVersion.V1 && c == CgroupController.CPUSET) {
                inheritCpuset(dir.getParent(), dir); // joinable at once; the cpuset updater narrows it
            }
        }
        return podDir(podId);
    }

    /**
     * Removes the pod's cgroup from every hierarchy; the kernel refuses (EBUSY) while processes
     * remain, so callers stop them first. Missing is fine.
     */
    public void removePod(String podId) throws IOException {
        for (CgroupController c : distinctDirs()) {
            Path dir = podDir(podId, c);
            if (!Files.isDirectory(dir)) {
                continue;
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
    }

    /** Ids of the pod cgroups present under the parent in any hierarchy (what the host actually has). */
    public List<String> pods() throws IOException {
        Set<String> ids = new TreeSet<>();
        for (CgroupController c : distinctDirs()) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent(c), POD_DIR_PREFIX + "*")) {
                for (Path d : dirs) {
                    String id = d.getFileName().toString().substring(POD_DIR_PREFIX.length());
                    if (Files.isDirectory(d) && SafeName.problem(id).isEmpty()) {
                        ids.add(id);
                    }
                }
            }
        }
        return new ArrayList<>(ids);
    }

    /** Process ids listed in the pod's cgroups (may include exited ones in the simulated mode). */
    public Set<Long> pids(String podId) {
        Set<Long> pids = new LinkedHashSet<>();
        for (CgroupController c : distinctDirs()) {
            for (String word : readWords(podDir(podId, c).resolve(PROCS))) {
                try {
                    pids.add(Long.parseLong(word));
                } catch (NumberFormatException e) {
                    // Not a pid: ignore rather than kill something by mistake.
                }
            }
        }
        return pids;
    }

    private Path root(CgroupController controller) {
        Path root = roots.get(controller);
        if (root == null) {
            throw new IllegalStateException("the " + controller.fileName() + " controller is not managed here (" + this + ")");
        }
        return root;
    }

    /** One controller per distinct directory: all of them on v1, cpu alone on v2 (one directory holds all). */
    private List<CgroupController> distinctDirs() {
        if (version == CgroupVersion.V2) {
            return List.of(CgroupController.CPU);
        }
        return roots.keySet().stream().sorted().toList();
    }

    @Override
    public String toString() {
        return "cgroup " + version + " (" + mode.name().toLowerCase() + ") at " + parent
                + (roots.size() > 1 ? " with " + roots.keySet().stream().map(CgroupController::fileName).sorted().toList() : "");
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
