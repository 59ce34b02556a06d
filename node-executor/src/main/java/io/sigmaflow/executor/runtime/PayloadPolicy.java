package io.sigmaflow.executor.runtime;

import io.sigmaflow.schema.Payload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a Kafka record may make this host run: only executables on the executor's own allowlist
 * (from its config file, never from a record), with arguments passed as argv (no shell), and
 * environment variables that cannot change how the executable is loaded.
 */
public final class PayloadPolicy {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Variables the executor sets itself, or that make an allowed binary load other code. */
    private static final Set<String> RESERVED_ENV = Set.of("PATH", "HOME", "IFS", "ENV", "BASH_ENV", "SHELLOPTS",
            "PS4", "GCONV_PATH", "PYTHONPATH", "PYTHONSTARTUP", "PERL5LIB", "PERL5OPT", "RUBYLIB", "RUBYOPT",
            "NODE_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH");
    private static final int MAX_ARGS = 1024;
    private static final int MAX_ARGV_BYTES = 128 * 1024;

    private final Set<String> allowlist;

    /** @param allowlist absolute, normalized executable paths */
    public PayloadPolicy(Set<Path> allowlist) {
        TreeSet<String> paths = new TreeSet<>();
        for (Path p : allowlist) {
            if (!p.isAbsolute() || !p.normalize().equals(p)) {
                throw new IllegalArgumentException("allowlist entry " + p + " is not an absolute normalized path");
            }
            paths.add(p.toString());
        }
        this.allowlist = Set.copyOf(paths);
    }

    public Set<String> allowlist() {
        return allowlist;
    }

    /** Why {@code payload} must not run here, or empty when it may. */
    public Optional<String> refusal(Payload payload) {
        if (payload == null) {
            return Optional.of("the placement has no payload to run");
        }
        String exe = payload.getExecutable();
        if (exe == null || !allowlist.contains(exe)) {
            return Optional.of("executable '" + printable(exe) + "' is not on this node's allowlist (payload.allowlist: "
                    + String.join(", ", allowlist) + ")");
        }
        List<String> args = payload.getArgs();
        if (args.size() > MAX_ARGS) {
            return Optional.of(args.size() + " arguments, the limit is " + MAX_ARGS);
        }
        long bytes = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.indexOf('\0') >= 0) {
                return Optional.of("argument " + (i + 1) + " contains a NUL character");
            }
            bytes += a.length() + 1;
        }
        for (Map.Entry<String, String> e : payload.getEnv().entrySet()) {
            String name = e.getKey();
            if (!ENV_NAME.matcher(name).matches()) {
                return Optional.of("environment variable name '" + printable(name) + "' is not [A-Za-z_][A-Za-z0-9_]*");
            }
            if (name.startsWith("LD_") || name.startsWith("SIGMAFLOW_") || RESERVED_ENV.contains(name)) {
                return Optional.of("environment variable " + name + " is not allowed: it is set by the executor"
                        + " or changes which code the executable loads");
            }
            if (e.getValue().indexOf('\0') >= 0) {
                return Optional.of("environment variable " + name + " contains a NUL character");
            }
            bytes += name.length() + e.getValue().length() + 2;
        }
        if (bytes > MAX_ARGV_BYTES) {
            return Optional.of("arguments and environment take " + bytes + " bytes, the limit is " + MAX_ARGV_BYTES);
        }
        return Optional.empty();
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }
}
