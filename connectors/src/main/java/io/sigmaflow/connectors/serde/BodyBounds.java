package io.sigmaflow.connectors.serde;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Checks, before Avro decodes a body, that every length in it fits in the record itself: a
 * string or bytes no longer than the bytes left, an array or map block of no more items than the
 * bytes left, a union or enum index in range, varints of at most 5 (int) or 10 (long) bytes. Avro
 * allocates what a length says before it reads the data ({@code new byte[n]}, {@code new
 * ArrayList(n)}), so 31 bytes saying "a string of 2^33 bytes" or "an array of 2^31 items" throw or
 * run the JVM out of memory; with this check a body can make the decoder allocate no more than a
 * small multiple of its own size.
 *
 * <p>Why not Avro's own {@code org.apache.avro.limits.*} system properties (1.12: string, bytes and
 * collection-item maxima, read once into statics): they are JVM-wide, so a limit small enough to
 * matter would also apply to every other Avro user in the task manager (Flink's Avro state
 * serializers among them), and a fixed number cannot follow the size of the record in hand.
 */
final class BodyBounds {
    /** Deeper than any SigmaFlow schema nests; guards against a recursive schema and a stack overflow. */
    private static final int MAX_DEPTH = 64;

    private final byte[] bytes;
    private final int start;
    private int pos;
    /** The names down to the value being read ({@code names[0..depth]}); joined only for a message. */
    private final String[] names = new String[MAX_DEPTH + 2];
    private int depth;

    private BodyBounds(byte[] bytes, int start) {
        this.bytes = bytes;
        this.start = start;
        this.pos = start;
    }

    /**
     * The problem with the body of {@code bytes} from {@code start} read as {@code writer}, or null
     * when every length in it fits.
     */
    static String problem(Schema writer, byte[] bytes, int start) {
        BodyBounds b = new BodyBounds(bytes, start);
        try {
            b.walk(writer, writer.getName(), 0);
            return null;
        } catch (OutOfBounds e) {
            return e.getMessage();
        }
    }

    private void walk(Schema s, String name, int level) {
        depth = level;
        names[level] = name;
        if (level > MAX_DEPTH) {
            throw new OutOfBounds(path() + ": nested deeper than " + MAX_DEPTH);
        }
        switch (s.getType()) {
            case NULL -> { }
            case BOOLEAN -> take(1);
            case INT -> varint(5);
            case LONG -> varint(10);
            case FLOAT -> take(4);
            case DOUBLE -> take(8);
            case FIXED -> take(s.getFixedSize());
            case STRING, BYTES -> take(length());
            case ENUM -> index(s.getEnumSymbols().size());
            case UNION -> {
                List<Schema> types = s.getTypes();
                walk(types.get(index(types.size())), "", level + 1);
            }
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    walk(f.schema(), f.name(), level + 1);
                }
            }
            case ARRAY -> items(s.getElementType(), false, level);
            case MAP -> items(s.getValueType(), true, level);
        }
        depth = level;
    }

    /** Blocks of items: a count (negative: its absolute value, then the block's size in bytes), until 0. */
    private void items(Schema item, boolean map, int level) {
        long total = 0;
        while (true) {
            depth = level;
            long count = varint(10);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                count = -count;
                varint(10); // block size in bytes: Avro only uses it to skip
            }
            total += count;
            // Each item takes at least one byte unless it is null: more items than bytes left is a lie.
            if (count < 0 || count > remaining() || total > bytes.length - start) {
                throw new OutOfBounds(path() + ": " + count + " items, but only " + remaining() + " bytes left");
            }
            for (long i = 0; i < count; i++) {
                if (map) {
                    depth = level + 1;
                    names[level + 1] = "{key}";
                    take(length());
                }
                walk(item, "[]", level + 1);
            }
        }
    }

    private long length() {
        long n = varint(10);
        if (n < 0 || n > remaining()) {
            throw new OutOfBounds(path() + ": length " + n + ", but only " + remaining() + " bytes left");
        }
        return n;
    }

    private int index(int size) {
        long i = varint(5);
        if (i < 0 || i >= size) {
            throw new OutOfBounds(path() + ": index " + i + " out of range 0.." + (size - 1));
        }
        return (int) i;
    }

    /** A zig-zag varint of at most {@code maxBytes} bytes, decoded. */
    private long varint(int maxBytes) {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= bytes.length) {
                throw new OutOfBounds(path() + ": ends inside a number");
            }
            int b = bytes[pos++] & 0xFF;
            raw |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new OutOfBounds(path() + ": a number longer than " + maxBytes + " bytes");
    }

    private void take(long n) {
        if (n > remaining()) {
            throw new OutOfBounds(path() + ": needs " + n + " bytes, only " + remaining() + " left");
        }
        pos += (int) n;
    }

    private int remaining() {
        return bytes.length - pos;
    }

    /** "PlacementRequest.template.payload.env{key}": the field being read, for the message. */
    private String path() {
        StringBuilder b = new StringBuilder(names[0]);
        for (int i = 1; i <= depth && i < names.length; i++) {
            String n = names[i];
            if (n.isEmpty()) {
                continue; // a union branch
            }
            if (!n.startsWith("[") && !n.startsWith("{")) {
                b.append('.');
            }
            b.append(n);
        }
        return b.toString();
    }

    /** Control flow only: no stack trace (a fuzzer or a flood of bad input makes many). */
    private static final class OutOfBounds extends RuntimeException {
        OutOfBounds(String message) {
            super(message, null, false, false);
        }
    }
}
