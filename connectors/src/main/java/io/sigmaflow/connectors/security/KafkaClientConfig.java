package io.sigmaflow.connectors.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one place every SigmaFlow Kafka client (CLI commands, node-executor, rebalancer, the client
 * library, the job) takes its Kafka client properties from: a Java properties file in the format
 * of Kafka's own {@code client.properties} ({@code security.protocol}, {@code ssl.*},
 * {@code sasl.*}, {@code config.providers}...), given by {@code --kafka-config FILE} (which sets
 * the system property {@value #PROPERTY}), the environment variable {@value #ENV} or, for the job,
 * the configuration key of the same name {@value #PROPERTY}.
 *
 * <p>Secrets stay out of command lines and logs: the file is named, never its values; a password
 * can live in another file through Kafka's {@code config.providers=file} and
 * {@code ${file:PATH:KEY}}, which the Kafka client itself resolves. {@link #describe()} hides every
 * value whose key names a password, a JAAS config or a secret.
 *
 * <p>A command line process has one Kafka identity, so the file given to a command is installed
 * for the process and every client it opens reads it through {@link #clientProperties(String)};
 * the bootstrap servers always come from the caller. The job does not use the process's file: its
 * properties travel in its {@code KafkaEndpoint} to every TaskManager.
 */
public final class KafkaClientConfig {
    /** Environment variable naming the properties file when no {@code --kafka-config} is given. */
    public static final String ENV = "SIGMAFLOW_KAFKA_CONFIG";
    /** System property (set by {@code --kafka-config}) and job configuration key naming the file. */
    public static final String PROPERTY = "sigmaflow.kafka.config-file";
    public static final KafkaClientConfig NONE = new KafkaClientConfig(null, Map.of());

    private static volatile Cached processConfig;

    private final Path file;
    private final Map<String, String> properties;

    private KafkaClientConfig(Path file, Map<String, String> properties) {
        this.file = file;
        this.properties = Map.copyOf(properties);
    }

    /** Reads {@code file}; an unreadable file or a bootstrap inside it is an error naming the file. */
    public static KafkaClientConfig load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka client properties " + file + ": " + e);
        }
        Map<String, String> map = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            map.put(key.trim(), p.getProperty(key).trim());
        }
        if (map.containsKey("bootstrap.servers")) {
            // two sources of one address disagree sooner or later: --bootstrap / the job key own it
            throw new IllegalArgumentException(file + ": bootstrap.servers does not belong here; give it with --bootstrap"
                    + " (or sigmaflow.kafka.bootstrap-servers for the job)");
        }
        return new KafkaClientConfig(file, map);
    }

    /** For a library caller holding the properties already (tests, the client builder). */
    public static KafkaClientConfig of(Map<String, String> properties) {
        return properties.isEmpty() ? NONE : new KafkaClientConfig(null, properties);
    }

    /**
     * The process's config: the file the system property {@value #PROPERTY} names (set by
     * {@code --kafka-config}), else the file {@value #ENV} names, else none (plaintext).
     */
    public static KafkaClientConfig current() {
        String source = System.getProperty(PROPERTY);
        if (source == null || source.isBlank()) {
            source = System.getenv(ENV);
        }
        source = source == null ? "" : source.trim();
        Cached cached = processConfig;
        if (cached == null || !cached.source.equals(source)) {
            cached = new Cached(source, source.isEmpty() ? NONE : load(Path.of(source)));
            processConfig = cached;
        }
        return cached.config;
    }

    private record Cached(String source, KafkaClientConfig config) {}

    /** The process's client properties with {@code bootstrap}: what to give a producer, consumer or admin. */
    public static Map<String, Object> clientProperties(String bootstrap) {
        return current().withBootstrap(bootstrap);
    }

    public Map<String, String> properties() {
        return properties;
    }

    public Map<String, Object> withBootstrap(String bootstrap) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("bootstrap.servers", bootstrap);
        return all;
    }

    /** The file, or null where the properties came from code. */
    public Path file() {
        return file;
    }

    /** Whether {@code key}'s value is a secret: never printed or logged. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.endsWith(".key");
    }

    /** The properties with every secret hidden, for logs and {@code --help}-style listings. */
    public String describe() {
        if (properties.isEmpty()) {
            return "plaintext, no client properties";
        }
        StringBuilder sb = new StringBuilder(file == null ? "" : file + ": ");
        String sep = "";
        for (var e : new TreeMap<>(properties).entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(isSecret(e.getKey()) ? "[hidden]" : e.getValue());
            sep = ", ";
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
