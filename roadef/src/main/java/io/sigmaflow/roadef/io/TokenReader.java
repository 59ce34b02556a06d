package io.sigmaflow.roadef.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streams the non-negative integers of a ROADEF file without building strings: the B and X
 * instances hold tens of millions of numbers (a 5,000 x 5,000 machine move cost matrix).
 * Errors name the file, the line and the field being read.
 */
final class TokenReader {
    private final InputStream in;
    private final String source;
    private final byte[] buffer = new byte[1 << 16];
    private int length;
    private int position;
    private int line = 1;
    private String context = "";
    private int contextIndex = -1;

    TokenReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Names the record being read (e.g. machine 3) for error messages; cheap, called per record. */
    void at(String record, int index) {
        this.context = record;
        this.contextIndex = index;
    }

    /** The next integer, which must lie in [min, max]. */
    long next(String field, long min, long max) {
        int b = skipWhitespace();
        if (b < 0) {
            throw error("expected " + field + " but the file ends");
        }
        if (b < '0' || b > '9') {
            throw error("expected " + field + " (an integer), found '" + (char) b + "'");
        }
        long value = 0;
        while (b >= '0' && b <= '9') {
            value = value * 10 + (b - '0');
            if (value > 4_294_967_295L) {
                throw error(field + " exceeds the format's 32-bit unsigned range");
            }
            b = read();
        }
        if (b >= 0 && !isWhitespace(b)) {
            throw error("expected " + field + " (an integer), found '" + (char) b + "' after the digits");
        }
        if (b == '\n') {
            line++;
        }
        if (value < min || value > max) {
            throw error(field + " is " + value + ", must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    int nextInt(String field, int min, int max) {
        return (int) next(field, min, max);
    }

    /** Fails when anything but whitespace follows. */
    void expectEnd() {
        int b = skipWhitespace();
        if (b >= 0) {
            at("", -1);
            throw error("unexpected content after the last expected value: '" + (char) b + "'");
        }
    }

    private int skipWhitespace() {
        int b = read();
        while (b >= 0 && isWhitespace(b)) {
            if (b == '\n') {
                line++;
            }
            b = read();
        }
        return b;
    }

    private static boolean isWhitespace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f';
    }

    private int read() {
        if (position == length) {
            try {
                length = in.read(buffer, 0, buffer.length);
            } catch (IOException e) {
                throw new RoadefFormatException(source + ": cannot read: " + e.getMessage());
            }
            position = 0;
            if (length <= 0) {
                length = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    private RoadefFormatException error(String what) {
        String where = contextIndex >= 0 ? " (" + context + " " + contextIndex + ")" : "";
        return new RoadefFormatException(source + " line " + line + where + ": " + what);
    }
}
