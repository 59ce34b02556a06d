package io.sigmaflow.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "500ms, 500",
        "30s, 30000",
        "10m, 600000",
        "10min, 600000",
        "1h, 3600000",
        "2d, 172800000",
        "0s, 0",
        "' 45s ', 45000",
        "PT30S, 30000",
        "pt1m30s, 90000",
        "PT0.25S, 250",
        "P1D, 86400000",
    })
    void accepted(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationConverter.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "", "s", "ten seconds", "1.5s", "10 s", "-5s", "PT-5S", "P", "5w"})
    void refusedWithWhatIsAccepted(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> DurationConverter.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }
}
