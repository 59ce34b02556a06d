package io.sigmaflow.roadef.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes the official solution format (specification section 2.2): one machine index per process. */
public final class AssignmentFile {
    private AssignmentFile() {}

    /** Reads an initial or new assignment of {@code instance}'s processes. */
    public static int[] read(Path file, Instance instance) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), instance);
        } catch (IOException e) {
            throw new RoadefFormatException(file + ": cannot read the assignment file: " + e.getMessage());
        }
    }

    public static int[] read(InputStream in, String source, Instance instance) {
        TokenReader t = new TokenReader(in, source);
        int[] machineOf = new int[instance.processCount()];
        for (int p = 0; p < machineOf.length; p++) {
            t.at("process", p);
            machineOf[p] = t.nextInt("machine index", 0, instance.machineCount() - 1);
        }
        t.expectEnd();
        return machineOf;
    }

    /** Writes an assignment, space separated on one line like the official examples. */
    public static void write(Path file, int[] machineOf) {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int p = 0; p < machineOf.length; p++) {
                if (p > 0) {
                    out.write(' ');
                }
                out.write(Integer.toString(machineOf[p]));
            }
            out.write('\n');
        } catch (IOException e) {
            throw new RoadefFormatException(file + ": cannot write the solution: " + e.getMessage());
        }
    }
}
