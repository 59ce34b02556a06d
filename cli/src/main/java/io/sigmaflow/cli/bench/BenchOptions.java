package io.sigmaflow.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code ./sigma bench placement}, parsed strictly: every problem is reported with
 * the option it concerns, and the command exits non-zero.
 *
 * @param coreOnly run the decision core in this process, without Kafka or Flink
 * @param parallelism end-to-end only: the job's parallelism (0 = not given)
 * @param rate end-to-end only: pods offered per second (0 = as fast as possible)
 * @param maxCandidates feasible nodes scored per pod (-1 = the profile's default)
 * @param checkpointIntervalMs end-to-end only: checkpoint interval (0 = flink-conf/config.yaml's)
 * @param order end-to-end only: {@code event-time} or {@code arrival} (null = the job's default, event-time)
 * @param flink end-to-end only: Flink settings over flink-conf/config.yaml's ({@code --flink KEY=VALUE}, repeatable)
 */
public record BenchOptions(int nodes, int pods, boolean coreOnly, Path out, long seed, int parallelism, int rate,
                           int hostsPerChassis, int chassisPerSwitch, int maxCandidates, int checkpointIntervalMs,
                           String order, java.util.Map<String, String> flink) {

    public BenchOptions {
        flink = java.util.Map.copyOf(flink);
    }

    public BenchOptions(int nodes, int pods, boolean coreOnly, Path out, long seed, int parallelism, int rate,
                        int hostsPerChassis, int chassisPerSwitch, int maxCandidates) {
        this(nodes, pods, coreOnly, out, seed, parallelism, rate, hostsPerChassis, chassisPerSwitch, maxCandidates, 0,
                null, java.util.Map.of());
    }

    public static final String USAGE = """
            usage: ./sigma bench placement --nodes N --pods M [--core-only] [--out DIR] [--seed S]
                                           [--hosts-per-chassis H] [--chassis-per-switch C] [--max-candidates K]
                                           [--parallelism P] [--rate R] [--checkpoint-interval MS] [--order O]
                   ./sigma bench recount --dir DIR
              --nodes N               nodes to generate (core switches x chassis x hosts)
              --pods M                pods to place, from many apps (1 to 500 replicas each)
              --core-only             run the decision core in one process, without Kafka or Flink
              --out DIR               also write DIR/nodes.csv and DIR/placements.csv
              --seed S                generator seed (default 1): the same seed gives the same input
              --hosts-per-chassis H   topology shape (default 40)
              --chassis-per-switch C  topology shape (default 25)
              --max-candidates K      feasible nodes scored per pod (default: the profile's, 0 = all)
              end-to-end mode (without --core-only): the generated nodes and one PUBLISH per app go
              through a real Kafka broker into the placement job (RocksDB, checkpoints, exactly once);
              latency is request produced -> placement readable by executors (read_committed)
              --parallelism P         job parallelism (default: flink-conf/config.yaml's)
              --rate R                offer R pods/s (default: as fast as possible)
              --checkpoint-interval MS  (default: flink-conf/config.yaml's)
              --order O               event-time (default) or arrival
              --flink KEY=VALUE       a Flink setting over flink-conf/config.yaml's (repeatable)""";

    /** A problem with the command line; the message names the option. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static BenchOptions parse(List<String> args) throws UsageException {
        Integer nodes = null;
        Integer pods = null;
        boolean coreOnly = false;
        Path out = null;
        long seed = 1;
        int parallelism = 0;
        int rate = 0;
        int hostsPerChassis = 40;
        int chassisPerSwitch = 25;
        int maxCandidates = -1;
        int checkpointInterval = 0;
        String order = null;
        java.util.Map<String, String> flink = new java.util.TreeMap<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (!option.startsWith("--")) {
                throw new UsageException("unexpected argument '" + option + "'");
            }
            if (seen.contains(option) && !option.equals("--flink")) {
                throw new UsageException(option + " is given twice");
            }
            seen.add(option);
            if (option.equals("--core-only")) {
                coreOnly = true;
                continue;
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new UsageException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--nodes" -> nodes = positiveInt(option, value);
                case "--pods" -> pods = positiveInt(option, value);
                case "--out" -> out = Path.of(value);
                case "--seed" -> seed = parseLong(option, value);
                case "--parallelism" -> parallelism = positiveInt(option, value);
                case "--rate" -> rate = positiveInt(option, value);
                case "--hosts-per-chassis" -> hostsPerChassis = positiveInt(option, value);
                case "--chassis-per-switch" -> chassisPerSwitch = positiveInt(option, value);
                case "--max-candidates" -> maxCandidates = nonNegativeInt(option, value);
                case "--checkpoint-interval" -> checkpointInterval = positiveInt(option, value);
                case "--flink" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("--flink needs KEY=VALUE, got '" + value + "'");
                    }
                    flink.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--order" -> {
                    if (!value.equals("event-time") && !value.equals("arrival")) {
                        throw new UsageException("--order must be event-time or arrival, got '" + value + "'");
                    }
                    order = value;
                }
                default -> throw new UsageException("unknown option " + option);
            }
        }
        if (nodes == null) {
            throw new UsageException("--nodes is required");
        }
        if (pods == null) {
            throw new UsageException("--pods is required");
        }
        if (coreOnly && parallelism != 0) {
            throw new UsageException("--parallelism applies to the end-to-end mode only, not with --core-only");
        }
        if (coreOnly && rate != 0) {
            throw new UsageException("--rate applies to the end-to-end mode only, not with --core-only");
        }
        if (coreOnly && (checkpointInterval != 0 || order != null || !flink.isEmpty())) {
            throw new UsageException("--checkpoint-interval, --order and --flink apply to the end-to-end mode only,"
                    + " not with --core-only");
        }
        return new BenchOptions(nodes, pods, coreOnly, out, seed, parallelism, rate, hostsPerChassis,
                chassisPerSwitch, maxCandidates, checkpointInterval, order, flink);
    }

    private static int positiveInt(String option, String value) throws UsageException {
        int n = nonNegativeInt(option, value);
        if (n == 0) {
            throw new UsageException(option + " must be a positive integer, got '" + value + "'");
        }
        return n;
    }

    private static int nonNegativeInt(String option, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value.replace("_", ""));
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(option + " must be a non-negative integer, got '" + value + "'");
    }

    private static long parseLong(String option, String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be an integer, got '" + value + "'");
        }
    }
}
