package io.sigmaflow.connectors.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.testing.CommandRun;
import org.junit.jupiter.api.Test;

class LocalKafkaCommandTest {
    @Test
    void helpAndUsageErrorsNameTheOption() {
        CommandRun.assertHelp(new LocalKafkaCommand(), "kafka", "--port=N", "--dir=DIR");
        CommandRun.assertUnknownOptionRefused(new LocalKafkaCommand(), "kafka");
        CommandRun notANumber = CommandRun.of(new LocalKafkaCommand(), "--port", "x");
        assertEquals(2, notANumber.code());
        assertTrue(notANumber.err().contains("kafka: Invalid value for option '--port': 'x' is not an int"), notANumber.err());
        CommandRun outOfRange = CommandRun.of(new LocalKafkaCommand(), "--port", "70000");
        assertEquals(2, outOfRange.code());
        assertTrue(outOfRange.err().contains("kafka: --port: 70000 must be between 1 and 65535"), outOfRange.err());
    }
}
