package io.sigmaflow.executor.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The unprivileged account payloads run as, resolved once at start (through {@code id}, so
 * NSS sources such as LDAP count).
 */
public record PayloadUser(String name, long uid, long gid) {

    /** The account named {@code name}, or an exception whose message says what is wrong. */
    public static PayloadUser resolve(String name) throws IOException {
        long uid = idOf(name, "-u");
        long gid = idOf(name, "-g");
        if (uid == 0) {
            throw new IOException("user '" + name + "' is root; payloads must run unprivileged");
        }
        return new PayloadUser(name, uid, gid);
    }

    /** The uid this JVM runs as (the owner of {@code /proc/self}). */
    public static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static long idOf(String name, String flag) throws IOException {
        Process p = new ProcessBuilder("id", flag, "--", name).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("'id " + flag + " " + name + "' did not answer in 10 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                throw new IOException("no such user '" + name + "' (" + out + ")");
            }
            return Long.parseLong(out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while resolving user " + name, e);
        } catch (NumberFormatException e) {
            throw new IOException("'id " + flag + " " + name + "' printed no number", e);
        }
    }
}
