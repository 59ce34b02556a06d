package io.sigmaflow.cli.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code ./sigma cluster up} on a cluster some of whose processes died (kill -9, OOM, a crash):
 * starts again only the dead ones, on their recorded ports, data and {@code config.yaml}, and says
 * which; the live ones are left alone. A restarted JobManager knows no job (open-source Flink 2
 * keeps jobs across a JobManager loss only with ZooKeeper or Kubernetes HA services, not in a
 * plain directory), so the job is then resumed from its newest state ({@link JobControl#newestState}:
 * the latest retained checkpoint, or a later savepoint), never started empty on top of the
 * offsets and outputs an earlier run committed.
 */
final class ClusterRestart {
    private static final String ACTIVE = "RUNNING RESTARTING CREATED INITIALIZING RECONCILING";
    private final ClusterFiles files;
    private final PrintStream out;

    ClusterRestart(ClusterFiles files, PrintStream out) {
        this.files = files;
        this.out = out;
    }

    /** The recorded processes that no longer run, as {@code role index} (brokers and TaskManagers 1-based). */
    List<String> dead() {
        Properties s = files.loadState();
        List<String> dead = new ArrayList<>();
        for (int i : deadBrokers(s)) {
            dead.add("kafka broker " + i);
        }
        if (!jobManagerAlive(s)) {
            dead.add("flink jobmanager");
        }
        for (int i : deadTaskManagers(s)) {
            dead.add("flink taskmanager " + i);
        }
        return dead;
    }

    /** Starts the dead processes again and the job if nothing runs it; 0 once it is RUNNING. */
    int restartDead(Duration timeout) throws Exception {
        long started = System.nanoTime();
        Properties s = files.loadState();
        out.println("cluster in " + files.dir() + ": not running: " + String.join(", ", dead()) + "; starting only those again");
        int brokers = Integer.parseInt(s.getProperty("kafka.brokers"));
        List<Integer> deadBrokers = deadBrokers(s);
        // a secure cluster stays secure: same key pair, admin login and listeners
        ClusterSecurity security = ClusterSecurity.isSecure(s) ? ClusterSecurity.prepare(files) : null;
        if (!deadBrokers.isEmpty()) {
            out.println("kafka: starting broker(s) " + deadBrokers + " again on their ports and data"
                    + (security != null ? " (TLS + SASL/SCRAM)" : ""));
            new KafkaNodes(files, security).start(s, KafkaNodes.ports(s, brokers, 0), deadBrokers);
            files.saveState(s);
        }
        KafkaNodes.awaitBrokers(s.getProperty("kafka.bootstrap"), security != null ? security.adminProperties() : java.util.Map.of(),
                brokers, timeout);

        FlinkProcesses flink = new FlinkProcesses(files);
        if (!jobManagerAlive(s)) {
            KafkaNodes.checkFree(Integer.parseInt(s.getProperty("flink.rest-port")), "Flink dashboard (rest.port)");
            KafkaNodes.checkFree(Integer.parseInt(s.getProperty("flink.rpc-port")), "Flink JobManager (jobmanager.rpc.port)");
            out.println("flink: starting the JobManager again (same ports and config.yaml); live TaskManagers register with it");
            s.setProperty("flink.jobmanager.pid", Long.toString(flink.startJobManager()));
            files.saveState(s);
        }
        for (int i : deadTaskManagers(s)) {
            out.println("flink: starting TaskManager " + i + " again");
            s.setProperty("flink.taskmanager." + i + ".pid", Long.toString(flink.startTaskManager(i)));
            files.saveState(s);
        }
        FlinkRest rest = new FlinkRest(s.getProperty("flink.rest"));
        LocalCluster.awaitTaskManagers(rest, Integer.parseInt(s.getProperty("flink.taskmanagers")), timeout);

        JobControl jobs = new JobControl(files, out);
        String jobId = s.getProperty("job.id");
        String state = jobState(rest, jobId);
        if (!ACTIVE.contains(state)) {
            out.println("job: " + (jobId == null ? "none recorded" : jobId + " " + state) + "; resuming it");
            jobId = jobs.resume(null, null, null);
        }
        jobs.awaitState(jobId, "RUNNING", timeout);
        out.printf("%nSigmaFlow cluster up again in %.0f s (%s)%n", (System.nanoTime() - started) / 1e9, files.dir());
        return 0;
    }

    /** The job's state on this JobManager; {@code UNKNOWN} when none or it does not know it (restarted). */
    private static String jobState(FlinkRest rest, String jobId) throws InterruptedException {
        if (jobId == null) {
            return "UNKNOWN";
        }
        try {
            return rest.state(jobId);
        } catch (IOException e) {
            return "UNKNOWN (not on this JobManager)";
        }
    }

    private static List<Integer> deadBrokers(Properties s) {
        List<Integer> dead = new ArrayList<>();
        for (int i = 1; i <= Integer.parseInt(s.getProperty("kafka.brokers", "0")); i++) {
            if (!JavaProcesses.alive(Long.parseLong(s.getProperty("kafka.broker." + i + ".pid", "-1")), KafkaNodes.MAIN)) {
                dead.add(i);
            }
        }
        return dead;
    }

    private static boolean jobManagerAlive(Properties s) {
        return JavaProcesses.alive(Long.parseLong(s.getProperty("flink.jobmanager.pid", "-1")), FlinkProcesses.JOBMANAGER);
    }

    private static List<Integer> deadTaskManagers(Properties s) {
        List<Integer> dead = new ArrayList<>();
        List<Long> pids = FlinkProcesses.taskManagerPids(s);
        for (int i = 0; i < pids.size(); i++) {
            if (!JavaProcesses.alive(pids.get(i), FlinkProcesses.TASKMANAGER)) {
                dead.add(i + 1);
            }
        }
        return dead;
    }
}
