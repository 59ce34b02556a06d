package io.sigmaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./sigma} launcher passes JDK 25's AOT cache to a cli command only when the cache was
 * made for this classpath and no jar on it changed since: run on a copy of the launcher in a
 * temp directory laid out as a built cli module (fake jars), with {@code SIGMA_PRINT_JAVA} so it
 * prints the java command instead of running it.
 */
class LauncherAotCacheTest {
    private static final Instant CACHE_MADE = Instant.parse("2026-12-07T03:00:00Z");

    @TempDir
    Path root;
    private Path cliJar;
    private Path depJar;

    @BeforeEach
    void builtCliModule() throws IOException {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25");
        Path launcher = Path.of("..", "sigma").toAbsolutePath().normalize();
        Files.copy(launcher, root.resolve("sigma"));
        Files.setLastModifiedTime(root.resolve("sigma"), FileTime.from(CACHE_MADE.minusSeconds(60)));
        Path target = Files.createDirectories(root.resolve("cli/target/classes"));
        Files.setLastModifiedTime(Files.writeString(target.resolve("Main.class"), "not really a class"),
                FileTime.from(CACHE_MADE.minusSeconds(60)));
        cliJar = Files.writeString(root.resolve("cli/target/sigmaflow-cli-0.1.0-SNAPSHOT.jar"), "jar");
        depJar = Files.writeString(Files.createDirectories(root.resolve("lib")).resolve("kafka-clients.jar"), "jar");
        Files.writeString(root.resolve("cli/target/classpath.txt"), depJar.toString());
        Files.writeString(root.resolve("cli/target/.sigma-built"), "");
        for (Path jar : new Path[] {cliJar, depJar}) {
            Files.setLastModifiedTime(jar, FileTime.from(CACHE_MADE.minusSeconds(60)));
        }
    }

    @Test
    void withoutACacheTheModulesClassesRunAsBefore() throws Exception {
        String java = javaCommand(Map.of());
        assertThat(java).doesNotContain("AOTCache").contains("-cp cli/target/classes:" + depJar);
    }

    @Test
    void aCacheMadeForThisClasspathIsPassedWithTheModulesJar() throws Exception {
        cache(cliJar + ":" + depJar);
        String java = javaCommand(Map.of());
        assertThat(java).contains("-XX:AOTCache=cli/target/sigma.aot").contains("-cp " + cliJar + ":" + depJar)
                .doesNotContain("cli/target/classes");
    }

    @Test
    void aJarChangedAfterTheCacheWasMadeLeavesItOut() throws Exception {
        cache(cliJar + ":" + depJar);
        Files.setLastModifiedTime(depJar, FileTime.from(CACHE_MADE.plusSeconds(60)));
        assertThat(javaCommand(Map.of())).doesNotContain("AOTCache").contains("-cp cli/target/classes:");
    }

    @Test
    void aClassCompiledAfterTheCacheWasMadeLeavesItOut() throws Exception {
        // mvn compile without package: the module's jar, which the cache would run, is older than its classes
        cache(cliJar + ":" + depJar);
        Files.setLastModifiedTime(root.resolve("cli/target/classes/Main.class"), FileTime.from(CACHE_MADE.plusSeconds(60)));
        assertThat(javaCommand(Map.of())).doesNotContain("AOTCache").contains("-cp cli/target/classes:");
    }

    @Test
    void aLauncherChangedAfterTheCacheWasMadeLeavesItOut() throws Exception {
        // its JVM options may differ from the training run's, and the JVM refuses a cache made with others
        cache(cliJar + ":" + depJar);
        Files.setLastModifiedTime(root.resolve("sigma"), FileTime.from(CACHE_MADE.plusSeconds(60)));
        assertThat(javaCommand(Map.of())).doesNotContain("AOTCache");
    }

    @Test
    void aCacheMadeForAnotherClasspathIsLeftOut() throws Exception {
        cache(cliJar + ":" + root.resolve("lib/kafka-clients-older.jar"));
        assertThat(javaCommand(Map.of())).doesNotContain("AOTCache");
    }

    @Test
    void sigmaAotOffLeavesItOut() throws Exception {
        cache(cliJar + ":" + depJar);
        assertThat(javaCommand(Map.of("SIGMA_AOT", "off"))).doesNotContain("AOTCache");
    }

    private void cache(String classpath) throws IOException {
        Path cache = Files.writeString(root.resolve("cli/target/sigma.aot"), "cache");
        Files.setLastModifiedTime(cache, FileTime.from(CACHE_MADE));
        Files.writeString(root.resolve("cli/target/sigma.aot.classpath"), classpath + "\n");
    }

    /** What {@code ./sigma bench placement --help} would run, printed by the launcher. */
    private String javaCommand(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("sigma").toString(), "bench", "placement", "--help")
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SIGMA_PRINT_JAVA", "1");
        pb.environment().remove("SIGMA_AOT");
        pb.environment().remove("SIGMA_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip();
    }
}
