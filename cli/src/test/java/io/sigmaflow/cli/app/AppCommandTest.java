package io.sigmaflow.cli.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.testing.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ./sigma app} command's help and usage errors: a bad spec or option exits 2 naming
 * file, line and field before anything connects to Kafka (the broker given is a closed port).
 */
class AppCommandTest {
    static final String WEB = """
            app: web
            replicas: 12
            resources: {cpu: 500m, memory: 2Gi}
            qos: LS
            dispersion: [coreSwitch, chassis, host]
            payload: {executable: /usr/bin/sleep, args: [infinity]}
            """;
    /** Nothing listens there: a command that got past its checks would fail with exit 1, not 2. */
    private static final String NOWHERE = "127.0.0.1:9";

    @TempDir
    Path dir;

    private Path spec(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static CommandRun app(String... args) {
        return CommandRun.of(new AppCommand(), args);
    }

    private static void assertUsageError(CommandRun r, String... lines) {
        assertEquals(2, r.code(), r.err());
        for (String line : lines) {
            assertTrue(r.err().contains(line), "expected '" + line + "' in:\n" + r.err());
        }
        assertEquals("", r.out());
    }

    @Test
    void everyCommandHasHelpWithAnExampleAndTheExitCodes() {
        for (String command : new String[] {"publish", "scale", "upgrade", "destroy", "reserve", "status", "list"}) {
            CommandRun r = app(command, "--help");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("Usage: ./sigma app " + command), r.out());
            assertTrue(r.out().contains("Example:%n  ./sigma app ".formatted()), r.out());
            assertTrue(r.out().contains("Exit codes: 0 "), r.out());
            assertTrue(r.out().contains("--bootstrap=HOST:PORT") && r.out().contains("--output=FORMAT"), r.out());
        }
        CommandRun parent = app("--help");
        assertEquals(0, parent.code());
        assertTrue(parent.out().contains("publish") && parent.out().contains("list"), parent.out());
        assertUsageError(app(), "app: a command is required");
        assertUsageError(app("publish", "--frobnicate", "-f", "x.yaml"), "app publish: Unknown option: '--frobnicate'");
    }

    @Test
    void aSpecWithAMissingFieldIsRefusedNamingIt() throws IOException {
        Path web = spec("web.yaml", WEB.replace("replicas: 12\n", ""));
        assertUsageError(app("publish", "-f", web.toString(), "--bootstrap", NOWHERE),
                "app publish: web.yaml: replicas: required (how many pods)");
    }

    @Test
    void negativeResourcesAndAWrongQuantityAreRefusedWithFileLineAndField() throws IOException {
        Path web = spec("web.yaml", WEB.replace("{cpu: 500m, memory: 2Gi}", "{cpu: lots, memory: -2Gi}"));
        assertUsageError(app("publish", "-f", web.toString(), "--bootstrap", NOWHERE),
                "app publish: web.yaml:3: resources.cpu: expected a quantity like 500m or 2, got \"lots\"",
                "app publish: web.yaml:3: resources.memory: must not be negative, got \"-2Gi\"");
    }

    @Test
    void replicasOverTheLimitAreRefusedByTheJobsOwnRule() throws IOException {
        Path web = spec("web.yaml", WEB.replace("replicas: 12", "replicas: 100001"));
        assertUsageError(app("publish", "-f", web.toString(), "--bootstrap", NOWHERE),
                "app publish: web.yaml:2: replicas: at most 100000, got 100001");
        assertUsageError(app("scale", "web", "--replicas", "100001", "--bootstrap", NOWHERE),
                "app scale: replicas: at most 100000, got 100001");
    }

    @Test
    void unsafeAppIdsAreRefusedEverywhere() throws IOException {
        Path web = spec("web.json", """
                {"app": "web..1", "replicas": 1, "resources": {"cpu": 1, "memory": "1Gi"},
                 "payload": {"executable": "/usr/bin/sleep"}}
                """);
        assertUsageError(app("upgrade", "-f", web.toString(), "--bootstrap", NOWHERE),
                "app upgrade: web.json:1: app: 'web..1' must not contain '..' (app ids name files and cgroups on hosts)");
        assertUsageError(app("destroy", "../etc", "--bootstrap", NOWHERE),
                "app destroy: appId: '../etc' must be 1 to 100 characters of A-Z a-z 0-9 . _ -");
        assertUsageError(app("reserve", "a b", "--slots", "1", "--cpu", "1", "--memory", "1Gi", "--bootstrap", NOWHERE),
                "app reserve: appId: 'a b' must be 1 to 100 characters");
    }

    @Test
    void reserveNeedsASlotSize() {
        assertUsageError(app("reserve", "promo", "--slots", "2", "--cpu", "half", "--bootstrap", NOWHERE),
                "app reserve: --cpu: expected a quantity like 500m or 2, got \"half\"",
                "app reserve: --memory: required with --slots above 0 and no -f");
    }

    @Test
    void aMissingSpecFileIsAUsageError() {
        assertUsageError(app("publish", "-f", dir.resolve("nope.yaml").toString()), "nope.yaml: no such file");
    }

    @Test
    void aValidRequestWithNoBrokerFailsWithExit1AndSaysWhere() throws IOException {
        Path web = spec("web.yaml", WEB);
        CommandRun r = app("publish", "-f", web.toString(), "--bootstrap", NOWHERE);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("app publish: no answer from Kafka within"), r.err());
        CommandRun status = app("status", "web", "--bootstrap", NOWHERE);
        assertEquals(1, status.code(), status.err());
        assertTrue(status.err().startsWith("app status: "), status.err());
    }
}
