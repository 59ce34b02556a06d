package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job jar {@code mvn package} built (an IT: failsafe runs after the package phase): what a
 * Flink cluster needs from us and nothing a cluster has or must not run. That it runs on a real
 * session cluster is cli's {@code ClusterIT}.
 */
class JobJarIT {
    @Test
    void holdsTheJobAndItsConnectorsButNoBrokerFlinkRuntimeCliOrTests() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().matches("sigmaflow-jobs-.*-job\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no job jar in target/: the shade plugin did not run"));
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals(PlacementJobMain.class.getName(), j.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> names = j.stream().map(e -> e.getName()).toList();
            for (String needed : List.of("io/sigmaflow/jobs/job/PlacementJobMain.class",
                    "io/sigmaflow/placement/", "io/sigmaflow/schema/PlacementRequest.class", "io/sigmaflow/connectors/",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class", "org/apache/flink/formats/avro/",
                    "org/apache/avro/Schema.class", "org/apache/kafka/clients/producer/KafkaProducer.class")) {
                assertTrue(names.stream().anyMatch(n -> n.startsWith(needed)), "the jar holds " + needed);
            }
            for (String banned : List.of("kafka/server/", "kafka/Kafka.class", "org/apache/kafka/raft/",
                    "org/apache/kafka/controller/", "org/apache/kafka/storage/internals/",
                    "org/apache/flink/runtime/", "org/apache/flink/streaming/api/environment/",
                    "org/apache/flink/client/", "picocli/", "io/sigmaflow/cli/", "io/sigmaflow/connectors/local/",
                    "io/sigmaflow/jobs/testing/", "org/junit/", "org/apache/logging/log4j/core/", "scala/")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(banned)), "the jar must not hold " + banned);
            }
            assertTrue(names.stream().noneMatch(n -> n.matches(".*(Test|IT)(\\$.*)?\\.class")), "no test class");
            assertTrue(names.stream().noneMatch(n -> n.matches("META-INF/maven/org\\.apache\\.kafka/kafka_2\\.13/.*")),
                    "no kafka_2.13");
        }
    }
}
