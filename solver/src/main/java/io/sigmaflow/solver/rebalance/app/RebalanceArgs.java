package io.sigmaflow.solver.rebalance.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code ./sigma rebalance}: strict, each option at most once, every error
 * named by its option and reported together.
 *
 * @param every    the period of {@link Mode#EVERY}, else null
 * @param seconds  {@code --seconds}, or null for the configuration's
 */
record RebalanceArgs(String bootstrap, Mode mode, Duration every, Duration seconds, Integer maxMoves,
        Integer maxMovesPerApp, String prefix, Path config) {

    enum Mode {
        /** Solve, print the plan and the scores; emit nothing. */
        DRY_RUN,
        /** Solve and emit one plan. */
        ONCE,
        /** Solve and emit a plan every period until stopped. */
        EVERY
    }

    static final String USAGE = "usage: ./sigma rebalance --bootstrap HOST:PORT (--once | --every 10m | --dry-run)"
            + " [--seconds S] [--max-moves N] [--max-moves-per-app N] [--prefix P] [--config FILE]";
    private static final Duration MAX_PERIOD = Duration.ofDays(7);

    static RebalanceArgs parse(String[] args) {
        Parser p = new Parser();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--once" -> p.mode(option, Mode.ONCE);
                case "--dry-run" -> p.mode(option, Mode.DRY_RUN);
                case "--every", "--bootstrap", "--seconds", "--max-moves", "--max-moves-per-app", "--prefix", "--config" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        p.missing(option);
                    } else {
                        p.value(option, args[++i]);
                    }
                }
                default -> p.error(option + ": unknown option");
            }
        }
        return p.build();
    }

    /** Collects values and errors. */
    private static final class Parser {
        private final List<String> errors = new ArrayList<>();
        private final List<String> seen = new ArrayList<>();
        private Mode mode;
        private String modeOption;
        private String bootstrap;
        private Duration every;
        private Duration seconds;
        private Integer maxMoves;
        private Integer maxMovesPerApp;
        private String prefix = "";
        private Path config;

        void error(String message) {
            errors.add(message);
        }

        void missing(String option) {
            if (once(option)) {
                error(option + ": missing value");
            }
        }

        boolean once(String option) {
            if (seen.contains(option)) {
                error(option + ": given more than once");
                return false;
            }
            seen.add(option);
            return true;
        }

        void mode(String option, Mode m) {
            if (once(option)) {
                setMode(option, m);
            }
        }

        private void setMode(String option, Mode m) {
            if (mode != null) {
                error(option + ": choose one of --once, --every, --dry-run (" + modeOption + " is given too)");
                return;
            }
            mode = m;
            modeOption = option;
        }

        void value(String option, String value) {
            if (!once(option)) {
                return;
            }
            switch (option) {
                case "--bootstrap" -> bootstrap = bootstrap(value);
                case "--every" -> {
                    setMode(option, Mode.EVERY);
                    every = period(value);
                }
                case "--seconds" -> seconds = seconds(value);
                case "--max-moves" -> maxMoves = count(option, value);
                case "--max-moves-per-app" -> maxMovesPerApp = count(option, value);
                case "--prefix" -> prefix = value;
                case "--config" -> config = readable(value);
                default -> throw new IllegalStateException(option);
            }
        }

        private String bootstrap(String value) {
            for (String server : value.split(",")) {
                int colon = server.lastIndexOf(':');
                boolean ok = colon > 0 && colon < server.length() - 1;
                if (ok) {
                    try {
                        int port = Integer.parseInt(server.substring(colon + 1));
                        ok = port > 0 && port < 65536;
                    } catch (NumberFormatException e) {
                        ok = false;
                    }
                }
                if (!ok) {
                    error("--bootstrap: '" + server + "' is not HOST:PORT");
                    return null;
                }
            }
            return value;
        }

        private Duration period(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Duration d = null;
            if (v.length() > 1 && Character.isDigit(v.charAt(0))) {
                try {
                    long n = Long.parseLong(v.substring(0, v.length() - 1));
                    d = switch (v.charAt(v.length() - 1)) {
                        case 's' -> Duration.ofSeconds(n);
                        case 'm' -> Duration.ofMinutes(n);
                        case 'h' -> Duration.ofHours(n);
                        default -> null;
                    };
                } catch (NumberFormatException | ArithmeticException e) {
                    d = null;
                }
            }
            if (d == null) {
                error("--every: '" + value + "' is not a period (use 30s, 10m or 1h)");
            } else if (d.isZero() || d.compareTo(MAX_PERIOD) > 0) {
                error("--every: " + value + " must be above 0 and at most 7 days");
                d = null;
            }
            return d;
        }

        private Duration seconds(String value) {
            try {
                long s = Long.parseLong(value);
                if (s >= 1 && s <= 3600) {
                    return Duration.ofSeconds(s);
                }
                error("--seconds: " + value + " must be between 1 and 3600");
            } catch (NumberFormatException e) {
                error("--seconds: '" + value + "' is not a whole number of seconds");
            }
            return null;
        }

        private Integer count(String option, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 0) {
                    return n;
                }
                error(option + ": " + value + " must not be negative");
            } catch (NumberFormatException e) {
                error(option + ": '" + value + "' is not an integer");
            }
            return null;
        }

        private Path readable(String value) {
            Path path = Path.of(value);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                error("--config: '" + value + "' is not a readable file");
                return null;
            }
            return path;
        }

        RebalanceArgs build() {
            if (!seen.contains("--bootstrap")) {
                error("--bootstrap: required");
            }
            if (mode == null && !seen.contains("--every")) {
                error("one of --once, --every PERIOD, --dry-run is required");
            }
            if (!errors.isEmpty()) {
                throw new UsageException(errors);
            }
            return new RebalanceArgs(bootstrap, mode, every, seconds, maxMoves, maxMovesPerApp, prefix, config);
        }
    }
}
