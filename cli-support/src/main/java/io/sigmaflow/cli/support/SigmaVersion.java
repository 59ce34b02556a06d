package io.sigmaflow.cli.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version Maven wrote into {@code sigmaflow-version.properties}. */
public final class SigmaVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"SigmaFlow " + version(), "Java " + Runtime.version()};
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = SigmaVersion.class.getResourceAsStream("/sigmaflow-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }
}
