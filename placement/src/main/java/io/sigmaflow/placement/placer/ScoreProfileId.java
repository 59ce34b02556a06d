package io.sigmaflow.placement.placer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The short fingerprint a compact explanation carries instead of the score plugins' names: 16 bits
 * of the CRC-32 of the names in profile order. A reader whose profile has another fingerprint knows
 * the positions do not refer to its plugins (a one-in-65,536 collision would go unnoticed; the cost
 * of a wrong label in an explanation, not of a wrong decision).
 */
public final class ScoreProfileId {
    private ScoreProfileId() {}

    public static int of(List<String> scorePluginNames) {
        CRC32 crc = new CRC32();
        crc.update(String.join(",", scorePluginNames).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() & 0xFFFF);
    }
}
