package io.sigmaflow.executor.ledger;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.executor.pod.SafeName;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PriorityChange;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's local record of every pod it was told about, one small file per pod under
 * {@code <state.dir>/ledger}, written atomically (temp file, fsync, rename) before offsets are
 * committed. Records are stored with the wire schemas' codec, so a newer executor reads an older
 * ledger. Reads come from memory; writes are serialized.
 */
public final class PodLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PodLedger.class);
    private static final String SUFFIX = ".pod";
    private static final String NODE_FILE = "node.properties";
    private static final AvroCodec<Placement> PLACEMENTS = AvroCodec.of(Placement.class);
    private static final AvroCodec<PriorityChange> SETTINGS = AvroCodec.of(PriorityChange.class);

    private final Path dir;
    private final Map<String, LedgerEntry> entries = new ConcurrentHashMap<>();
    private volatile long priorityGeneration;

    private PodLedger(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating if needed) the ledger in {@code dir} and loads every entry. */
    public static PodLedger open(Path dir) throws IOException {
        Files.createDirectories(dir);
        PodLedger ledger = new PodLedger(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    LedgerEntry e = decode(Files.readString(f, StandardCharsets.UTF_8));
                    ledger.entries.put(e.podId(), e);
                } catch (RuntimeException | IOException ex) {
                    // A torn write cannot happen (rename is atomic); anything else is reported,
                    // kept aside and replaced by the replay from Kafka.
                    LOG.error("unreadable ledger entry {} moved aside: {}", f, ex.toString());
                    Files.move(f, f.resolveSibling(f.getFileName() + ".unreadable"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path node = dir.resolve(NODE_FILE);
        if (Files.exists(node)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(node)) {
                p.load(r);
            }
            ledger.priorityGeneration = Long.parseLong(p.getProperty("priority.generation", "0"));
        }
        return ledger;
    }

    public Optional<LedgerEntry> get(String podId) {
        return Optional.ofNullable(entries.get(podId));
    }

    public Collection<LedgerEntry> all() {
        return List.copyOf(entries.values());
    }

    /** Stores {@code entry} durably before returning. */
    public synchronized void put(LedgerEntry entry) {
        if (SafeName.problem(entry.podId()).isPresent()) {
            throw new IllegalArgumentException("unsafe pod id in ledger: " + SafeName.printable(entry.podId()));
        }
        writeAtomically(dir.resolve(entry.podId() + SUFFIX), encode(entry));
        entries.put(entry.podId(), entry);
    }

    /**
     * Replaces the pod's entry with {@code change} applied to it, atomically with respect to
     * other writers; no-op when the pod has no entry or {@code change} returns it unchanged.
     */
    public synchronized void update(String podId, java.util.function.UnaryOperator<LedgerEntry> change) {
        LedgerEntry current = entries.get(podId);
        if (current == null) {
            return;
        }
        LedgerEntry next = change.apply(current);
        if (next != current) {
            put(next);
        }
    }

    /** Forgets a pod (its placements have aged out of the topic). */
    public synchronized void remove(String podId) {
        try {
            Files.deleteIfExists(dir.resolve(podId + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.remove(podId);
    }

    /** Generation of the last applied priority change for this node. */
    public long priorityGeneration() {
        return priorityGeneration;
    }

    public synchronized void setPriorityGeneration(long generation) {
        writeAtomically(dir.resolve(NODE_FILE), "priority.generation=" + generation + "\n");
        priorityGeneration = generation;
    }

    private void writeAtomically(Path target, String text) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.UTF_8.encode(text));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ledger file " + target, e);
        }
    }

    static String encode(LedgerEntry e) {
        Properties p = new Properties();
        p.setProperty("podId", e.podId());
        p.setProperty("generation", String.valueOf(e.generation()));
        p.setProperty("updatedAtMs", String.valueOf(e.updatedAtMs()));
        if (e.action() != null) {
            p.setProperty("action", e.action().name());
        }
        if (e.state() != null) {
            p.setProperty("state", e.state().name());
        }
        if (e.exitCode() != null) {
            p.setProperty("exitCode", String.valueOf(e.exitCode()));
        }
        if (e.message() != null) {
            p.setProperty("message", e.message());
        }
        if (e.placement() != null) {
            p.setProperty("placement", Base64.getEncoder().encodeToString(PLACEMENTS.encode(e.placement())));
        }
        if (e.cpu() != null) {
            PriorityChange holder = PriorityChange.newBuilder().setNodeId("").setGeneration(0)
                    .setSettings(List.of(e.cpu())).build();
            p.setProperty("cpu", Base64.getEncoder().encodeToString(SETTINGS.encode(holder)));
        }
        if (e.dedicatedCpus() != null) {
            p.setProperty("dedicatedCpus", e.dedicatedCpus());
        }
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    static LedgerEntry decode(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        String placement = p.getProperty("placement");
        String cpu = p.getProperty("cpu");
        String exit = p.getProperty("exitCode");
        PodCpuSetting setting = null;
        if (cpu != null) {
            List<PodCpuSetting> settings = new ArrayList<>(SETTINGS.decode(Base64.getDecoder().decode(cpu)).getSettings());
            setting = settings.isEmpty() ? null : settings.get(0);
        }
        return new LedgerEntry(
                require(p, "podId"),
                Long.parseLong(require(p, "generation")),
                p.getProperty("action") == null ? null : PlacementAction.valueOf(p.getProperty("action")),
                placement == null ? null : PLACEMENTS.decode(Base64.getDecoder().decode(placement)),
                p.getProperty("state") == null ? null : PodState.valueOf(p.getProperty("state")),
                exit == null ? null : Integer.valueOf(exit),
                p.getProperty("message"),
                setting,
                Long.parseLong(p.getProperty("updatedAtMs", "0")),
                p.getProperty("dedicatedCpus"));
    }

    private static String require(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("missing " + key);
        }
        return v;
    }
}
