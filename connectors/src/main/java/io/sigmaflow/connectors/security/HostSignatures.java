package io.sigmaflow.connectors.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed host reports (issue 17): Kafka does not tell a consumer which principal produced a
 * record, and a host's ACL lets it write pod status, inventory and node events for any node. So a
 * host signs each record it produces with a key only it (and the job) can know:
 *
 * <pre>
 * key_node  = HMAC-SHA256(master, "sigmaflow-host:" + nodeId)
 * sigma-sig = HMAC-SHA256(key_node, topic ‖ 0 ‖ key ‖ 0 ‖ value)      (a record header)
 * </pre>
 *
 * The job holds the master and derives {@code key_node} from the node the record names, so a record
 * signed by another host's key, or altered in its topic, key or value, does not verify. The zero
 * bytes separate the parts (a topic name holds none), so no part can slide into its neighbour.
 * A stolen host key lets the thief speak only for that one host.
 */
public final class HostSignatures {
    /** The record header holding the signature (32 bytes). */
    public static final String HEADER = "sigma-sig";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String NODE_CONTEXT = "sigmaflow-host:";
    /** Below this a key is a typo or a placeholder, not a secret. */
    public static final int MIN_KEY_BYTES = 16;

    private HostSignatures() {}

    /** The key of host {@code nodeId}, derived from the job's master key; given to that host only. */
    public static byte[] nodeKey(byte[] master, String nodeId) {
        return hmac(master).doFinal((NODE_CONTEXT + nodeId).getBytes(StandardCharsets.UTF_8));
    }

    /** The signature of one record under {@code nodeKey}. */
    public static byte[] sign(byte[] nodeKey, String topic, byte[] key, byte[] value) {
        return sign(hmac(nodeKey), topic, key, value);
    }

    /** Same, with a Mac already keyed (reused: one per thread, as a Mac is not thread-safe). */
    public static byte[] sign(Mac keyed, String topic, byte[] key, byte[] value) {
        keyed.reset();
        keyed.update(topic.getBytes(StandardCharsets.UTF_8));
        keyed.update((byte) 0);
        if (key != null) {
            keyed.update(key);
        }
        keyed.update((byte) 0);
        if (value != null) {
            keyed.update(value);
        }
        return keyed.doFinal();
    }

    /** Whether {@code signature} is the record's signature under {@code keyed} (constant-time compare). */
    public static boolean verify(Mac keyed, String topic, byte[] key, byte[] value, byte[] signature) {
        return signature != null && MessageDigest.isEqual(sign(keyed, topic, key, value), signature);
    }

    /** A Mac keyed with {@code key}. */
    public static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is in every JDK; a key of any length is valid for HMAC.
            throw new IllegalStateException("HmacSHA256 unavailable: " + e, e);
        }
    }

    /**
     * Reads a key file: its text, trimmed, as hex (64 hex digits for a 32-byte key) or base64.
     * The message never holds the file's contents.
     */
    public static byte[] readKey(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the key file: " + e.getMessage(), e);
        }
        byte[] key = parseKey(text);
        if (key == null) {
            throw new IOException(file + ": not a key (expected hex or base64 text of at least "
                    + MIN_KEY_BYTES + " bytes, e.g. from ./sigma hosts signing-key)");
        }
        return key;
    }

    /** The key written as hex or base64, or null when {@code text} is neither or too short. */
    static byte[] parseKey(String text) {
        byte[] key = null;
        if (text.length() % 2 == 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            key = HexFormat.of().parseHex(text);
        } else {
            try {
                key = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return key.length >= MIN_KEY_BYTES ? key : null;
    }

    /** The text a key file holds: lowercase hex. */
    public static String keyText(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    /** A host's signing key: signs its records (a Mac per thread), never shows the key. */
    public static final class Signer {
        private final ThreadLocal<Mac> mac;

        public Signer(byte[] nodeKey) {
            byte[] copy = Arrays.copyOf(nodeKey, nodeKey.length);
            this.mac = ThreadLocal.withInitial(() -> hmac(copy));
        }

        public byte[] sign(String topic, byte[] key, byte[] value) {
            return HostSignatures.sign(mac.get(), topic, key, value);
        }

        @Override
        public String toString() {
            return "HostSignatures.Signer[key hidden]";
        }
    }
}
