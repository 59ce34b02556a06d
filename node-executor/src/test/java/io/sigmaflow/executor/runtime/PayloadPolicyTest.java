package io.sigmaflow.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.Payload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadPolicyTest {
    private final PayloadPolicy policy = new PayloadPolicy(Set.of(Path.of("/usr/bin/sleep")));

    private static Payload p(String exe, List<String> args, Map<String, String> env) {
        return new Payload(exe, args, env);
    }

    private String refusal(Payload p) {
        return policy.refusal(p).orElseThrow(() -> new AssertionError("allowed: " + p));
    }

    @Test
    void allowlistedExecutableWithPlainArgsAndEnvRuns() {
        assertEquals(Optional.empty(), policy.refusal(p("/usr/bin/sleep", List.of("10", "; rm -rf /"), Map.of("MODE", "x"))),
                "arguments are argv, never a shell: their content is harmless");
    }

    @Test
    void onlyExactAllowlistedPathsRun() {
        assertTrue(refusal(p("/bin/sh", List.of("-c", "id"), Map.of())).contains("'/bin/sh' is not on this node's allowlist"));
        assertTrue(refusal(p("/usr/bin/../bin/sleep", List.of(), Map.of())).contains("not on this node's allowlist"));
        assertTrue(refusal(p("sleep", List.of(), Map.of())).contains("not on this node's allowlist"));
        assertTrue(refusal(null).contains("no payload"));
    }

    @Test
    void loaderAndReservedVariablesAreRefused() {
        for (String name : List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "BASH_ENV", "JAVA_TOOL_OPTIONS", "SIGMAFLOW_POD_ID")) {
            assertTrue(refusal(p("/usr/bin/sleep", List.of(), Map.of(name, "x"))).contains("environment variable " + name + " is not allowed"), name);
        }
        assertTrue(refusal(p("/usr/bin/sleep", List.of(), Map.of("A=B", "x"))).contains("is not [A-Za-z_]"));
    }

    @Test
    void nulBytesAndHugeArgvAreRefused() {
        assertTrue(refusal(p("/usr/bin/sleep", List.of("1", "a\0b"), Map.of())).contains("argument 2 contains a NUL"));
        assertTrue(refusal(p("/usr/bin/sleep", List.of("x".repeat(200_000)), Map.of())).contains("the limit is"));
    }

    @Test
    void allowlistEntriesMustBeAbsoluteAndNormalized() {
        assertThrows(IllegalArgumentException.class, () -> new PayloadPolicy(Set.of(Path.of("bin/sleep"))));
        assertThrows(IllegalArgumentException.class, () -> new PayloadPolicy(Set.of(Path.of("/usr/../bin/sh"))));
    }
}
