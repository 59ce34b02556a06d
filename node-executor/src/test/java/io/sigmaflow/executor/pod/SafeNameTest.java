package io.sigmaflow.executor.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"web-1", "a", "A.b_c-9", "0pod", "x.y"})
    void accepted(String id) {
        assertEquals(Optional.empty(), SafeName.problem(id));
    }

    @ParameterizedTest(name = "''{0}'' {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "..|contains '..'",
        "a..b|contains '..'",
        "../etc|contains a path separator '/'",
        "a/b|contains a path separator '/'",
        "a\\b|contains a path separator '\\'",
        ".hidden|must start with a letter or digit",
        "-rf|must start with a letter or digit",
        "sp ace|contains ' ' (U+0020)",
        "semi;colon|contains ';' (U+003B)",
    })
    void refused(String id, String why) {
        assertTrue(SafeName.problem(id).orElseThrow().contains(why), SafeName.problem(id).orElseThrow());
    }

    @org.junit.jupiter.api.Test
    void controlCharactersEmptyAndLongAreRefused() {
        assertEquals("contains the control character U+000A", SafeName.problem("a\nb").orElseThrow());
        assertEquals("contains the control character U+0000", SafeName.problem("a\0").orElseThrow());
        assertEquals("is empty", SafeName.problem("").orElseThrow());
        assertEquals("is empty", SafeName.problem(null).orElseThrow());
        assertTrue(SafeName.problem("x".repeat(129)).orElseThrow().contains("limit is 128"));
        assertEquals("a\\u000ab", SafeName.printable("a\nb"));
    }
}
