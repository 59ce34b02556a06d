package io.sigmaflow.cli.support;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Kafka bootstrap servers: {@code HOST:PORT[,HOST:PORT...]}, each port 1..65535. */
public final class BootstrapConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        for (String server : value.split(",", -1)) {
            int colon = server.lastIndexOf(':');
            boolean ok = colon > 0 && colon < server.length() - 1 && server.chars().noneMatch(Character::isWhitespace);
            if (ok) {
                try {
                    int port = Integer.parseInt(server.substring(colon + 1));
                    ok = port > 0 && port < 65536;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new TypeConversionException("'" + server + "' is not HOST:PORT");
            }
        }
        return value;
    }
}
