package io.sigmaflow.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the client refuses before it touches Kafka: no broker runs here (port 9 is discard). */
class SigmaClientTest {
    private static SigmaClient offline() {
        return SigmaClient.builder().bootstrapServers("127.0.0.1:9").sendTimeout(Duration.ofMillis(500)).build();
    }

    @Test
    void aRequestTheJobWouldRejectIsRefusedNamingEveryFieldAndNothingIsSent() {
        try (SigmaClient sigma = offline()) {
            AppSpec bad = AppSpec.builder("a..b").replicas(200_000).cpuMillis(-1).memoryMb(512).build();
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> sigma.publish(bad));
            assertEquals(List.of(
                    "appId: 'a..b' must not contain '..' (app ids name files and cgroups on hosts)",
                    "replicas: at most 100000, got 200000",
                    "template.resources: must not be negative, got cpuMillis=-1 memoryMb=512 diskMb=0",
                    "template.payload.executable: must not be blank"), e.problems());
            assertEquals("replicas: must be >= 0, got -3",
                    assertThrows(InvalidRequestException.class, () -> sigma.scale("web", -3)).getMessage());
            assertEquals("appId: 'web app' must be 1 to 100 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit"
                            + " (pod ids are <appId>-<n>)",
                    assertThrows(InvalidRequestException.class, () -> sigma.destroy("web app")).getMessage());
        }
    }

    @Test
    void anUnreachableBrokerIsAClearErrorWithinTheTimeout() {
        try (SigmaClient sigma = offline()) {
            long start = System.nanoTime();
            SigmaClientException e = assertThrows(SigmaClientException.class, () -> sigma.scale("web", 3));
            assertEquals(true, e.getMessage().startsWith("no answer from Kafka within "), e.getMessage());
            assertEquals(true, e.getMessage().contains("(bootstrap 127.0.0.1:9)"), e.getMessage());
            assertEquals(true, System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
        }
    }

    @Test
    void theBuilderNamesWhatIsMissing() {
        assertEquals("bootstrapServers: required (HOST:PORT[,HOST:PORT...])",
                assertThrows(IllegalArgumentException.class, () -> SigmaClient.builder().build()).getMessage());
    }
}
