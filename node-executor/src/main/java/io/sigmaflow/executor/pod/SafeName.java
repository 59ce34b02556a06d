package io.sigmaflow.executor.pod;

import java.util.Optional;

/**
 * The rule for identifiers that become path components (pod ids under the cgroup parent and the
 * state directory, node ids in the default cgroup parent): a Kafka record must never be able to
 * name a path outside the executor's own subtree, nor a cgroup control file.
 */
public final class SafeName {
    /** Longest id accepted; cgroup and file names stay well under the 255-byte limit. */
    public static final int MAX_LENGTH = 128;

    private SafeName() {}

    /**
     * Why {@code id} is not safe as a path component, or empty when it is. Allowed: 1 to 128
     * characters among {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit, without "..".
     */
    public static Optional<String> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("is empty");
        }
        if (id.length() > MAX_LENGTH) {
            return Optional.of("is " + id.length() + " characters long, the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of("contains a path separator '" + c + "'");
            }
            if (Character.isISOControl(c)) {
                return Optional.of(String.format("contains the control character U+%04X", (int) c));
            }
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return Optional.of(String.format("contains '%s' (U+%04X); allowed are A-Z a-z 0-9 . _ -",
                        Character.isWhitespace(c) ? " " : String.valueOf(c), (int) c));
            }
        }
        if (id.contains("..")) {
            return Optional.of("contains '..'");
        }
        if (!Character.isLetterOrDigit(id.charAt(0))) {
            return Optional.of("must start with a letter or digit");
        }
        return Optional.empty();
    }

    /** {@code id} with control characters escaped, for log lines and status messages. */
    public static String printable(String id) {
        if (id == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(id.length(), MAX_LENGTH + 16); i++) {
            char c = id.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return id.length() > MAX_LENGTH + 16 ? out + "..." : out.toString();
    }
}
