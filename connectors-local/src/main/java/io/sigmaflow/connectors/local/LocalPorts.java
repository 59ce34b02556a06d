package io.sigmaflow.connectors.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Ports for services this machine starts next (an in-process broker, a cluster's Kafka nodes, a
 * Flink dashboard): one place that asks the OS, so every caller picks ports the same way.
 */
public final class LocalPorts {
    private LocalPorts() {}

    /**
     * A TCP port free on every address when asked (bound on the wildcard address, so it is free
     * on 127.0.0.1 too). Another process may take it before the caller binds; a caller that must
     * be sure checks again when it binds.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on this machine: " + e.getMessage(), e);
        }
    }
}
