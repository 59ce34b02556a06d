package io.sigmaflow.cli.bench;

/**
 * The names one benchmark run gives the apps and nodes it feeds a long-lived cluster: every app
 * id, node id, switch, chassis and host starts with the run's prefix, so a second run on the same
 * cluster never collides with the first one's apps (whose tombstones keep their ids and pod
 * numbering) and never mistakes the first one's records for its own. The embedded run, on a fresh
 * broker each time, uses no prefix.
 */
record RunIds(String prefix) {
    static final RunIds NONE = new RunIds("");

    /** {@code b<millis in base 36>-}: unique per run on one machine, short in ids and logs. */
    static RunIds fresh() {
        return new RunIds("b" + Long.toString(System.currentTimeMillis(), 36) + "-");
    }

    String id(String plain) {
        return prefix + plain;
    }

    boolean owns(String id) {
        return id.startsWith(prefix);
    }

    /** The generator's name for an id of this run. */
    String plain(String id) {
        return id.substring(prefix.length());
    }
}
