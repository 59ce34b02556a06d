package io.sigmaflow.cli.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where a cluster's pieces are: the repository's build outputs it runs from (the job jar, Flink's
 * class path, the broker's class path, {@code flink-conf/}) and the cluster directory it owns
 * ({@code cluster.properties}: every pid, port and id it started; {@code logs/}, {@code kafka/},
 * {@code flink-conf/}, {@code checkpoints/}, {@code savepoints/}).
 */
public final class ClusterFiles {
    public static final String STATE = "cluster.properties";
    private final Path repo;
    private final Path dir;

    public ClusterFiles(Path repo, Path dir) {
        this.repo = repo.toAbsolutePath().normalize();
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The repository root: the working directory or one above it holding {@code jobs/} and {@code flink-conf/}. */
    public static Path findRepo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("jobs")) && Files.isDirectory(p.resolve("flink-conf"))) {
                return p;
            }
        }
        throw new IllegalStateException("run from the SigmaFlow repository (no jobs/ and flink-conf/ here or above)");
    }

    public Path dir() {
        return dir;
    }

    public Path logs() {
        return dir.resolve("logs");
    }

    public Path flinkConf() {
        return dir.resolve("flink-conf");
    }

    public Path repoFlinkConf() {
        return repo.resolve("flink-conf");
    }

    /** The job jar {@code mvn package} built in {@code jobs/target}. */
    public Path jobJar() {
        Path target = repo.resolve("jobs/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("sigmaflow-jobs-.*-job\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "no job jar in " + target + ": build it with ./sigma build (mvn package)"));
        } catch (IOException e) {
            throw new IllegalStateException("no job jar: " + target + " unreadable (build with ./sigma build)", e);
        }
    }

    /**
     * Flink's own modules (jobs' provided scope, what a distribution's lib/ holds) plus the few
     * commons and slf4j jars Flink needs that Maven resolved at compile scope through Avro and
     * kafka-clients: never the job's classes, which come from the uploaded jar only.
     */
    public String flinkClasspath() {
        List<String> cp = new ArrayList<>(List.of(read(repo.resolve("jobs/target/flink-classpath.txt")).split(":")));
        for (String jar : read(repo.resolve("jobs/target/classpath.txt")).split(":")) {
            String name = Path.of(jar).getFileName().toString();
            if (name.startsWith("commons-") || name.startsWith("slf4j-api") || name.startsWith("jsr305")) {
                cp.add(jar);
            }
        }
        return String.join(":", cp);
    }

    /**
     * The broker's jars (connectors-local's runtime class path: kafka_2.13, kafka-server) and the
     * log4j binding from Flink's, which connectors-local leaves to its users.
     */
    public String kafkaClasspath() {
        List<String> cp = new ArrayList<>(List.of(read(repo.resolve("connectors-local/target/classpath.txt")).split(":")));
        for (String jar : read(repo.resolve("jobs/target/flink-classpath.txt")).split(":")) {
            if (Path.of(jar).getFileName().toString().startsWith("log4j-")) {
                cp.add(jar);
            }
        }
        return String.join(":", cp);
    }

    public Properties loadState() {
        Properties p = new Properties();
        Path f = dir.resolve(STATE);
        if (Files.isRegularFile(f)) {
            try (InputStream in = Files.newInputStream(f)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    public void saveState(Properties p) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(STATE + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "written by ./sigma cluster; ./sigma cluster down stops exactly these pids");
            }
            Files.move(tmp, dir.resolve(STATE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f).trim();
        } catch (IOException e) {
            throw new IllegalStateException("missing " + f + ": build with ./sigma build (mvn package)", e);
        }
    }
}
