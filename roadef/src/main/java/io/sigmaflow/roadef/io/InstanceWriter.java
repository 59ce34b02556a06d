package io.sigmaflow.roadef.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an {@link Instance} in the official model format (specification section 2.1), the
 * inverse of {@link InstanceReader}: generated instances are files every tool reads.
 */
public final class InstanceWriter {
    private InstanceWriter() {}

    public static void write(Path file, Instance in) {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            int resources = in.resourceCount();
            line(out, resources);
            for (int r = 0; r < resources; r++) {
                line(out, in.transientResource()[r] ? 1 : 0, in.loadCostWeight()[r]);
            }
            line(out, in.machineCount());
            StringBuilder row = new StringBuilder();
            for (int m = 0; m < in.machineCount(); m++) {
                row.setLength(0);
                row.append(in.neighborhood()[m]).append(' ').append(in.location()[m]);
                for (long c : in.capacity()[m]) {
                    row.append(' ').append(c);
                }
                for (long c : in.safetyCapacity()[m]) {
                    row.append(' ').append(c);
                }
                for (int c : in.machineMoveCost()[m]) {
                    row.append(' ').append(c);
                }
                out.append(row).append('\n');
            }
            line(out, in.serviceCount());
            for (int s = 0; s < in.serviceCount(); s++) {
                row.setLength(0);
                row.append(in.spreadMin()[s]).append(' ').append(in.dependsOn()[s].length);
                for (int d : in.dependsOn()[s]) {
                    row.append(' ').append(d);
                }
                out.append(row).append('\n');
            }
            line(out, in.processCount());
            for (int p = 0; p < in.processCount(); p++) {
                row.setLength(0);
                row.append(in.serviceOfProcess()[p]);
                for (long c : in.requirement()[p]) {
                    row.append(' ').append(c);
                }
                row.append(' ').append(in.processMoveCost()[p]);
                out.append(row).append('\n');
            }
            line(out, in.balances().size());
            for (Balance b : in.balances()) {
                line(out, b.firstResource(), b.secondResource(), b.target());
                line(out, b.weight());
            }
            line(out, in.processMoveWeight(), in.serviceMoveWeight(), in.machineMoveWeight());
        } catch (IOException e) {
            throw new RoadefFormatException(file + ": cannot write the model: " + e.getMessage());
        }
    }

    private static void line(BufferedWriter out, long... values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(' ');
            }
            out.write(Long.toString(values[i]));
        }
        out.write('\n');
    }
}
