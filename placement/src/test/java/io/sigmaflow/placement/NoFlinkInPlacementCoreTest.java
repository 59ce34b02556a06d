package io.sigmaflow.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The decision core must stay plain Java (plus the Avro records) so the Flink job, the rebalancer and
 * the benchmark can share it: no source file under {@code io.sigmaflow.placement} imports Flink
 * or Kafka.
 */
class NoFlinkInPlacementCoreTest {

    @Test
    void placementSourcesImportNeitherFlinkNorKafka() throws IOException {
        Path root = Path.of("src/main/java/io/sigmaflow/placement");
        assertTrue(Files.isDirectory(root), "run from the placement module: " + root.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            String text = Files.readString(f);
                            return text.contains("import org.apache.flink") || text.contains("import org.apache.kafka");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
        }
        assertEquals(List.of(), offenders);
    }
}
