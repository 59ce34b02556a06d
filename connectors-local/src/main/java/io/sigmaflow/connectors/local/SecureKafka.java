package io.sigmaflow.connectors.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * What a broker needs to run with TLS + SASL/SCRAM and ACLs on, made in one directory: a
 * self-signed key pair for the broker (JDK {@code keytool}, no openssl), a truststore holding its
 * certificate, and the admin user's SCRAM password (given to the broker at format time, so the
 * first SASL login works before any other user exists). Passwords are random, in files readable by
 * the owner only.
 *
 * <p>Listeners: clients and the broker itself on SASL_SSL (SCRAM-SHA-512); the KRaft controller on
 * a loopback PLAINTEXT listener, whose principal ({@code User:ANONYMOUS}) is a super user so that
 * the broker's controller requests pass the authorizer. Nothing but loopback reaches that
 * listener; a multi-host deployment puts the controller on SSL with client certificates instead.
 */
public final class SecureKafka {
    public static final String ADMIN = "sigma-admin";
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final Path dir;
    private final String storePassword;
    private final String adminPassword;

    private SecureKafka(Path dir, String storePassword, String adminPassword) {
        this.dir = dir;
        this.storePassword = storePassword;
        this.adminPassword = adminPassword;
    }

    /** Makes the key pair, truststore and admin password in {@code dir}, or reuses those there. */
    public static SecureKafka prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            String store = secret(dir.resolve("store.password"));
            String admin = secret(dir.resolve(ADMIN + ".password"));
            if (!Files.exists(dir.resolve("broker.p12"))) {
                keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=sigmaflow-broker", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "365",
                        "-storetype", "PKCS12", "-keystore", dir.resolve("broker.p12").toString(), "-storepass", store);
                keytool("-exportcert", "-alias", "broker", "-keystore", dir.resolve("broker.p12").toString(),
                        "-storepass", store, "-file", dir.resolve("broker.crt").toString());
                keytool("-importcert", "-noprompt", "-alias", "sigmaflow-ca", "-file", dir.resolve("broker.crt").toString(),
                        "-storetype", "PKCS12", "-keystore", dir.resolve("truststore.p12").toString(), "-storepass", store);
            }
            return new SecureKafka(dir, store, admin);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's TLS and SCRAM files in " + dir, e);
        }
    }

    /** The broker settings for a SASL_SSL client listener on {@code port} (replacing the plaintext ones). */
    public Map<String, String> brokerProperties(int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN, adminPassword));
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", dir.resolve("broker.p12").toString());
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", dir.resolve("truststore.p12").toString());
        p.put("ssl.truststore.password", storePassword);
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        return p;
    }

    /** StorageTool arguments that store the admin's SCRAM credential in the first metadata. */
    public List<String> formatArguments() {
        return new ArrayList<>(List.of("--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
    }

    /**
     * Client properties for {@code user} whose password is in {@code passwordFile}: the password is
     * referenced through Kafka's file config provider, so the properties hold no secret themselves.
     */
    public Map<String, String> clientProperties(String user, Path passwordFile) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("config.providers", "file");
        p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"${file:" + passwordFile.toAbsolutePath() + ":password}\";");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", dir.resolve("truststore.p12").toAbsolutePath().toString());
        p.put("ssl.truststore.password", "${file:" + dir.resolve("store.password.properties").toAbsolutePath() + ":password}");
        return p;
    }

    /** The admin's client properties (a super user: creates users and ACLs). */
    public Map<String, String> adminProperties() {
        return clientProperties(ADMIN, passwordFile(ADMIN, adminPassword));
    }

    /**
     * A properties file {@code password=...} for {@code user} (owner-only), what
     * {@link #clientProperties} refers to; the caller creates the SCRAM user with this password.
     */
    public Path passwordFile(String user, String password) {
        Path file = dir.resolve(user + ".password.properties");
        writeOwnerOnly(file, "password=" + password + "\n");
        writeOwnerOnly(dir.resolve("store.password.properties"), "password=" + storePassword + "\n");
        return file;
    }

    /**
     * Creates (or resets) the SCRAM user {@code user} on the broker at {@code bootstrap} with a new
     * random password kept in an owner-only file; returns that user's client properties.
     */
    public Map<String, String> addUser(String bootstrap, String user) {
        String password = newPassword();
        Path file = passwordFile(user, password);
        Map<String, Object> admin = new LinkedHashMap<>(adminProperties());
        admin.put("bootstrap.servers", bootstrap);
        try (Admin a = Admin.create(admin)) {
            a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the SCRAM user " + user + " on " + bootstrap + ": " + e, e);
        }
        return clientProperties(user, file);
    }

    /** Writes {@code properties} as a client.properties file (owner-only: it names secret files). */
    public static void writeClientConfig(Path file, Map<String, String> properties) {
        StringBuilder sb = new StringBuilder("# SigmaFlow Kafka client properties: --kafka-config " + file.getFileName() + "\n");
        properties.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        writeOwnerOnly(file, sb.toString());
    }

    public Path dir() {
        return dir;
    }

    /** A new random password (hex: no quoting trouble in JAAS or properties). */
    public static String newPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static String secret(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String s = newPassword();
        writeOwnerOnly(file, s);
        return s;
    }

    static void writeOwnerOnly(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("cannot restrict " + file + " to its owner: not a POSIX file system", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                // the arguments hold the store password: name the step, not the command line
                throw new IOException("keytool " + args[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool " + args[0], e);
        }
    }
}
