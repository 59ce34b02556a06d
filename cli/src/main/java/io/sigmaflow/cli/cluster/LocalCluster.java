package io.sigmaflow.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalPorts;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ./sigma cluster up | status | down}: Kafka brokers, a Flink JobManager and TaskManagers as
 * separate background processes under one directory, the job jar uploaded and run through REST.
 * Everything started is recorded in {@code cluster.properties} (pid, port, role) as soon as it
 * starts, so {@code down} stops exactly that, also after a failed {@code up}.
 */
public final class LocalCluster {
    /** What {@code up} starts. {@code restPort} / {@code kafkaPort} 0: any free port (tests). */
    /**
     * What {@code up} starts. {@code restPort} / {@code kafkaPort} 0: any free port (tests).
     * {@code secure}: TLS + SASL/SCRAM and the roles' ACLs ({@link ClusterSecurity}), with a
     * principal for each of {@code hosts} (empty: those recorded, else the defaults).
     */
    public record Options(int brokers, int taskManagers, int restPort, int kafkaPort, Map<String, String> flink,
                          Duration timeout, boolean secure, List<String> hosts) {
        /** Plaintext. */
        public Options(int brokers, int taskManagers, int restPort, int kafkaPort, Map<String, String> flink, Duration timeout) {
            this(brokers, taskManagers, restPort, kafkaPort, flink, timeout, false, List.of());
        }
    }

    private final ClusterFiles files;
    private final PrintStream out;

    /** The job's {@code sigmaflow.kafka.fleet-hosts} among the cluster's settings (0: not given). */
    static int fleetHosts(Map<String, String> flink) {
        String v = flink.get(PlacementJobConfig.FLEET_HOSTS);
        return v == null ? 0 : PlacementJobConfig.from(Map.of(PlacementJobConfig.FLEET_HOSTS, v)).fleetHosts();
    }

    public LocalCluster(ClusterFiles files, PrintStream out) {
        this.files = files;
        this.out = out;
    }

    public ClusterFiles files() {
        return files;
    }

    /** Pids recorded and still running what we started there; empty: nothing of ours runs. */
    public List<String> running() {
        Properties s = files.loadState();
        List<String> alive = new ArrayList<>();
        for (int i = 1; i <= Integer.parseInt(s.getProperty("kafka.brokers", "0")); i++) {
            long pid = Long.parseLong(s.getProperty("kafka.broker." + i + ".pid", "-1"));
            if (JavaProcesses.alive(pid, KafkaNodes.MAIN)) {
                alive.add("kafka broker " + i + " (pid " + pid + ")");
            }
        }
        long jm = Long.parseLong(s.getProperty("flink.jobmanager.pid", "-1"));
        if (JavaProcesses.alive(jm, FlinkProcesses.JOBMANAGER)) {
            alive.add("flink jobmanager (pid " + jm + ")");
        }
        List<Long> tms = FlinkProcesses.taskManagerPids(s);
        for (int i = 0; i < tms.size(); i++) {
            if (JavaProcesses.alive(tms.get(i), FlinkProcesses.TASKMANAGER)) {
                alive.add("flink taskmanager " + (i + 1) + " (pid " + tms.get(i) + ")");
            }
        }
        return alive;
    }

    /**
     * Starts everything and the job; returns 0 once the job is RUNNING, 1 when already running.
     * On a cluster some of whose processes died, starts only those again ({@link ClusterRestart}).
     */
    public int up(Options o) throws Exception {
        List<String> alive = running();
        if (!alive.isEmpty() && !new ClusterRestart(files, out).dead().isEmpty()) {
            return new ClusterRestart(files, out).restartDead(o.timeout());
        }
        if (!alive.isEmpty()) {
            out.println("cluster in " + files.dir() + " is already running: " + String.join(", ", alive));
            out.println("  ./sigma cluster status --dir " + files.dir() + "    ./sigma cluster down --dir " + files.dir());
            return 1;
        }
        long started = System.nanoTime();
        Properties state = files.loadState();
        state.setProperty("dir", files.dir().toString());
        boolean secure = o.secure() || ClusterSecurity.isSecure(state);
        if (secure && !ClusterSecurity.isSecure(state) && state.getProperty("kafka.cluster-id") != null) {
            // its storage was formatted without the admin's SCRAM credential: no SASL login would work
            throw new IllegalStateException("cluster in " + files.dir() + " was made plaintext; --secure needs a new one"
                    + " (./sigma cluster down, then another --dir or remove " + files.dir() + ")");
        }
        ClusterSecurity security = secure ? ClusterSecurity.prepare(files) : null;
        Map<String, String> admin = Map.of();
        if (secure) {
            state.setProperty(ClusterSecurity.STATE_KEY, ClusterSecurity.SECURE);
            state.setProperty("security.hosts", String.join(",", ClusterSecurity.hosts(state, o.hosts())));
            admin = security.adminProperties();
        }
        List<int[]> ports = KafkaNodes.ports(state, o.brokers(), o.kafkaPort());
        out.println("kafka: starting " + o.brokers() + " KRaft broker(s)" + (secure ? " with TLS + SASL/SCRAM and ACLs" : "")
                + " (logs in " + files.logs() + ")");
        new KafkaNodes(files, security).start(state, ports);
        files.saveState(state);
        String bootstrap = state.getProperty("kafka.bootstrap");
        KafkaNodes.awaitBrokers(bootstrap, admin, o.brokers(), o.timeout());
        try (TopicAdmin topicAdmin = new TopicAdmin(bootstrap, admin)) {
            // sized as the job will ask (it creates what is missing at start with the same settings)
            topicAdmin.ensure(Topics.defaults().withHosts(fleetHosts(o.flink())).all());
        }
        Map<String, String> flinkKeys = new java.util.LinkedHashMap<>(o.flink());
        if (secure) {
            List<String> hosts = List.of(state.getProperty("security.hosts").split(","));
            String group = flinkKeys.getOrDefault(PlacementJobConfig.GROUP_ID, "sigmaflow-placement");
            Map<String, java.nio.file.Path> roleFiles = security.createRoles(bootstrap, hosts, group,
                    flinkKeys.getOrDefault(PlacementJobConfig.TRANSACTIONAL_ID_PREFIX, group));
            // the job connects as its own principal, not as the admin
            flinkKeys.put(PlacementJobConfig.KAFKA_CONFIG_FILE, roleFiles.get("placement-job").toString());
            out.println("security: users and ACLs for " + String.join(", ", roleFiles.keySet()));
        }

        int restPort = Integer.parseInt(state.getProperty("flink.rest-port",
                Integer.toString(o.restPort() == 0 ? LocalPorts.free() : o.restPort())));
        int rpcPort = Integer.parseInt(state.getProperty("flink.rpc-port", Integer.toString(LocalPorts.free())));
        KafkaNodes.checkFree(restPort, "Flink dashboard (rest.port)");
        KafkaNodes.checkFree(rpcPort, "Flink JobManager (jobmanager.rpc.port)");
        FlinkProcesses flink = new FlinkProcesses(files);
        flink.configure(restPort, rpcPort, bootstrap, flinkKeys);
        state.setProperty("flink.rest-port", Integer.toString(restPort));
        state.setProperty("flink.rpc-port", Integer.toString(rpcPort));
        state.setProperty("flink.rest", "http://127.0.0.1:" + restPort);
        out.println("flink: starting a JobManager and " + o.taskManagers() + " TaskManager(s)");
        state.setProperty("flink.jobmanager.pid", Long.toString(flink.startJobManager()));
        state.setProperty("flink.taskmanagers", Integer.toString(o.taskManagers()));
        files.saveState(state);
        for (int i = 1; i <= o.taskManagers(); i++) {
            state.setProperty("flink.taskmanager." + i + ".pid", Long.toString(flink.startTaskManager(i)));
            files.saveState(state);
        }
        FlinkRest rest = new FlinkRest(state.getProperty("flink.rest"));
        awaitTaskManagers(rest, o.taskManagers(), o.timeout());

        JobControl jobs = new JobControl(files, out);
        String jobId = jobs.submit(files.jobJar(), List.of(), null, null);
        jobs.awaitState(jobId, "RUNNING", o.timeout());
        out.printf("%nSigmaFlow cluster up in %.0f s (%s)%n", (System.nanoTime() - started) / 1e9, files.dir());
        printEndpoints(files.loadState(), jobId);
        return 0;
    }

    private void printEndpoints(Properties s, String jobId) {
        out.println("  kafka       " + s.getProperty("kafka.bootstrap") + "  (" + s.getProperty("kafka.brokers")
                + " brokers, KRaft; data in " + files.dir().resolve("kafka") + ")");
        out.println("  dashboard   " + s.getProperty("flink.rest") + "  (JobManager pid " + s.getProperty("flink.jobmanager.pid")
                + ", " + s.getProperty("flink.taskmanagers") + " TaskManagers)");
        out.println("  job         " + jobId + " RUNNING  (jar " + s.getProperty("job.jar-id") + ")");
        out.println("  checkpoints " + files.dir().resolve("checkpoints") + "   savepoints " + files.dir().resolve("savepoints"));
        out.println("  metrics     Prometheus on 127.0.0.1:9249-9269 (one port per Flink process, in its log)");
        out.println("  logs        " + files.logs());
        if (ClusterSecurity.isSecure(s)) {
            printRoleFiles(s);
        }
        out.println("Next: ./sigma cluster status    ./sigma job savepoint | stop | resume | upgrade    ./sigma cluster down");
    }

    /** Which client file each role uses (TLS + SASL/SCRAM; each names its owner-only password file). */
    private void printRoleFiles(Properties s) {
        java.nio.file.Path dir = ClusterSecurity.dir(files);
        out.println("  security    TLS + SASL/SCRAM-SHA-512, ACLs on; a client needs --kafka-config with its role's file:");
        for (ClusterSecurity.RoleUser r : ClusterSecurity.roles(ClusterSecurity.hosts(s, List.of()))) {
            out.printf("    %-16s %s  (User:%s)%n", r.role(), r.file(dir), r.user());
        }
        out.printf("    %-16s %s  (super user: topics, users, ACLs)%n", "admin", dir.resolve("admin.properties"));
    }

    static void awaitTaskManagers(FlinkRest rest, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                int tms = rest.overview().path("taskmanagers").asInt();
                if (tms >= n) {
                    return;
                }
                last = tms + " of " + n + " TaskManagers registered";
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Flink at " + rest.base() + " not ready after " + timeout.toSeconds() + " s: " + last);
    }

    /** The {@code status --json} object (keys as the issue names them). */
    public ObjectNode status() {
        Properties s = files.loadState();
        ObjectNode root = FlinkRest.JSON.createObjectNode();
        ObjectNode kafka = root.putObject("kafka");
        kafka.put("bootstrap", s.getProperty("kafka.bootstrap"));
        var brokers = kafka.putArray("brokers");
        for (int i = 1; i <= Integer.parseInt(s.getProperty("kafka.brokers", "0")); i++) {
            long pid = Long.parseLong(s.getProperty("kafka.broker." + i + ".pid", "-1"));
            brokers.addObject().put("id", i).put("pid", pid).put("alive", JavaProcesses.alive(pid, KafkaNodes.MAIN))
                    .put("port", Integer.parseInt(s.getProperty("kafka.broker." + i + ".port", "0")));
        }
        kafka.put("security", ClusterSecurity.isSecure(s) ? "SASL_SSL" : "PLAINTEXT");
        if (ClusterSecurity.isSecure(s)) {
            ObjectNode roles = kafka.putObject("roleFiles");
            for (ClusterSecurity.RoleUser r : ClusterSecurity.roles(ClusterSecurity.hosts(s, List.of()))) {
                roles.put(r.role(), r.file(ClusterSecurity.dir(files)).toString());
            }
            roles.put("admin", ClusterSecurity.dir(files).resolve("admin.properties").toString());
        }
        ObjectNode flink = root.putObject("flink");
        flink.put("rest", s.getProperty("flink.rest"));
        long jm = Long.parseLong(s.getProperty("flink.jobmanager.pid", "-1"));
        flink.putObject("jobmanager").put("pid", jm).put("alive", JavaProcesses.alive(jm, FlinkProcesses.JOBMANAGER));
        var tms = flink.putArray("taskmanagers");
        for (long pid : FlinkProcesses.taskManagerPids(s)) {
            tms.addObject().put("pid", pid).put("alive", JavaProcesses.alive(pid, FlinkProcesses.TASKMANAGER));
        }
        ObjectNode job = root.putObject("job");
        String jobId = s.getProperty("job.id");
        job.put("id", jobId);
        String state = "UNKNOWN";
        long restarts = -1;
        if (jobId != null && s.getProperty("flink.rest") != null) {
            try {
                FlinkRest rest = new FlinkRest(s.getProperty("flink.rest"));
                state = rest.state(jobId);
                restarts = rest.restarts(jobId);
            } catch (IOException e) {
                state = "UNREACHABLE";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        job.put("state", state);
        job.put("restarts", restarts);
        return root;
    }

    public void printStatus(boolean json) throws IOException {
        ObjectNode st = status();
        if (json) {
            out.println(FlinkRest.JSON.writeValueAsString(st));
            return;
        }
        out.println("cluster " + files.dir());
        out.printf("  %-22s %-8s %-6s %s%n", "role", "pid", "alive", "endpoint");
        for (JsonNode b : st.path("kafka").path("brokers")) {
            out.printf("  %-22s %-8d %-6s 127.0.0.1:%d%n", "kafka broker " + b.path("id").asInt(), b.path("pid").asLong(),
                    b.path("alive").asBoolean() ? "yes" : "NO", b.path("port").asInt());
        }
        JsonNode jm = st.path("flink").path("jobmanager");
        out.printf("  %-22s %-8d %-6s %s%n", "flink jobmanager", jm.path("pid").asLong(),
                jm.path("alive").asBoolean() ? "yes" : "NO", st.path("flink").path("rest").asText());
        int i = 0;
        for (JsonNode tm : st.path("flink").path("taskmanagers")) {
            out.printf("  %-22s %-8d %-6s%n", "flink taskmanager " + ++i, tm.path("pid").asLong(),
                    tm.path("alive").asBoolean() ? "yes" : "NO");
        }
        if (ClusterSecurity.isSecure(files.loadState())) {
            out.println("  kafka: TLS + SASL/SCRAM, ACLs on; role client files (--kafka-config):");
            st.path("kafka").path("roleFiles").properties().forEach(e ->
                    out.printf("    %-16s %s%n", e.getKey(), e.getValue().asText()));
        } else {
            out.println("  kafka: plaintext, no authentication");
        }
        JsonNode job = st.path("job");
        out.println("  job " + job.path("id").asText("-") + " " + job.path("state").asText() + ", restarts "
                + job.path("restarts").asLong());
    }

    /**
     * Cancels the job (its last checkpoint is kept: RETAIN_ON_CANCELLATION; the next {@code up}
     * resumes from it), then stops the TaskManagers, the JobManager and the brokers: only the
     * recorded pids that still run what we started.
     */
    public void down() throws InterruptedException {
        Properties s = files.loadState();
        String jobId = s.getProperty("job.id");
        if (jobId != null && s.getProperty("flink.rest") != null) {
            try {
                FlinkRest rest = new FlinkRest(s.getProperty("flink.rest"));
                if ("RUNNING".equals(rest.state(jobId)) || "RESTARTING".equals(rest.state(jobId))) {
                    new JobControl(files, out).cancel(jobId);
                }
            } catch (IOException e) {
                out.println("job " + jobId + ": not reachable (" + e.getMessage() + "); stopping the processes");
            }
        }
        stop("flink taskmanager", FlinkProcesses.taskManagerPids(s), FlinkProcesses.TASKMANAGER);
        stop("flink jobmanager", List.of(Long.parseLong(s.getProperty("flink.jobmanager.pid", "-1"))), FlinkProcesses.JOBMANAGER);
        List<Long> brokers = new ArrayList<>();
        for (int i = 1; i <= Integer.parseInt(s.getProperty("kafka.brokers", "0")); i++) {
            brokers.add(Long.parseLong(s.getProperty("kafka.broker." + i + ".pid", "-1")));
        }
        stop("kafka broker", brokers, KafkaNodes.MAIN);
        out.println("cluster in " + files.dir() + " stopped (data, checkpoints and logs kept; up resumes"
                + (ClusterSecurity.isSecure(s) ? ", secure again" : "") + ")");
    }

    /** Stops a role's processes together (TERM, KILL after 30 s) and says which. */
    private void stop(String role, List<Long> pids, String main) throws InterruptedException {
        List<Long> running = pids.stream().filter(pid -> pid > 0 && JavaProcesses.alive(pid, main)).toList();
        if (running.isEmpty()) {
            return;
        }
        java.util.Set<Long> gone = JavaProcesses.stop(running, main, 30_000);
        for (long pid : running) {
            out.println("  stopped " + role + " (pid " + pid + ")" + (gone.contains(pid) ? "" : ": STILL RUNNING"));
        }
    }
}
