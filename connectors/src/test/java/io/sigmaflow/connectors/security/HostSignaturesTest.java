package io.sigmaflow.connectors.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSignaturesTest {
    private static final byte[] MASTER = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @TempDir
    Path dir;

    @Test
    void nodeKeysAreHmacOfTheNodeIdUnderTheMasterAndDifferPerNode() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(MASTER, "HmacSHA256"));
        assertArrayEquals(mac.doFinal("sigmaflow-host:node-1".getBytes(StandardCharsets.UTF_8)),
                HostSignatures.nodeKey(MASTER, "node-1"));
        assertFalse(HexFormat.of().formatHex(HostSignatures.nodeKey(MASTER, "node-1"))
                .equals(HexFormat.of().formatHex(HostSignatures.nodeKey(MASTER, "node-2"))));
    }

    @Test
    void aSignatureVerifiesOnlyForItsKeyTopicRecordKeyAndValue() {
        byte[] key1 = HostSignatures.nodeKey(MASTER, "node-1");
        byte[] value = {1, 2, 3};
        byte[] sig = new HostSignatures.Signer(key1).sign("sigma.pod-status", "node-1".getBytes(), value);
        assertEquals(32, sig.length);
        Mac right = HostSignatures.hmac(key1);
        assertTrue(HostSignatures.verify(right, "sigma.pod-status", "node-1".getBytes(), value, sig));
        assertFalse(HostSignatures.verify(HostSignatures.hmac(HostSignatures.nodeKey(MASTER, "node-2")),
                "sigma.pod-status", "node-1".getBytes(), value, sig), "another node's key");
        assertFalse(HostSignatures.verify(right, "sigma.inventory", "node-1".getBytes(), value, sig), "another topic");
        assertFalse(HostSignatures.verify(right, "sigma.pod-status", "node-2".getBytes(), value, sig), "another key");
        assertFalse(HostSignatures.verify(right, "sigma.pod-status", "node-1".getBytes(), new byte[] {1, 2, 4}, sig), "another value");
        assertFalse(HostSignatures.verify(right, "sigma.pod-status", "node-1".getBytes(), value, null), "no header");
        // The separators: moving a byte from the key into the value changes the signature.
        assertFalse(HostSignatures.verify(right, "sigma.pod-status", "node-".getBytes(), new byte[] {'1', 1, 2, 3}, sig));
    }

    @Test
    void keyFilesAreHexOrBase64AndErrorsNeverShowTheContents() throws Exception {
        Path hex = dir.resolve("hex.key");
        Files.writeString(hex, HostSignatures.keyText(MASTER) + "\n");
        assertArrayEquals(MASTER, HostSignatures.readKey(hex));
        Path b64 = dir.resolve("b64.key");
        Files.writeString(b64, Base64.getEncoder().encodeToString(MASTER));
        assertArrayEquals(MASTER, HostSignatures.readKey(b64));
        assertNull(HostSignatures.parseKey("abcd"), "2 bytes: too short");
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "not a key: s3cret!");
        String message = assertThrows(java.io.IOException.class, () -> HostSignatures.readKey(bad)).getMessage();
        assertTrue(message.startsWith(bad + ": not a key"), message);
        assertFalse(message.contains("s3cret"), message);
        assertTrue(assertThrows(java.io.IOException.class, () -> HostSignatures.readKey(dir.resolve("none")))
                .getMessage().contains("cannot read the key file"));
        assertFalse(new HostSignatures.Signer(MASTER).toString().contains(HostSignatures.keyText(MASTER)));
    }
}
