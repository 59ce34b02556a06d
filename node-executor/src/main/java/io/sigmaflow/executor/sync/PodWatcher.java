package io.sigmaflow.executor.sync;

import io.sigmaflow.executor.ledger.PodLedger;
import io.sigmaflow.executor.pod.HostIsolation;
import io.sigmaflow.executor.pod.HostView;
import io.sigmaflow.executor.pod.PodSupervisor;
import io.sigmaflow.executor.report.PodStatuses;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.schema.PodState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices pods whose main process has exited, streams the status at once (STOPPED for exit 0,
 * FAILED with the exit code and the tail of stderr otherwise, FAILED with the reason
 * {@value #OOM_KILLED} when the kernel's OOM killer killed it at its memory limit), kills what
 * the payload left in its cgroup and removes it. The job decides what happens next (re-place,
 * give up): an OOM kill counts against the pod's host failures like any crash.
 */
public final class PodWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(PodWatcher.class);
    private static final int STDERR_TAIL = 300;
    /**
     * The reason an OOM-killed pod's FAILED status starts with, as Kubernetes names it. The
     * status keeps the FAILED state (the job counts it as a host failure with no change) and the
     * exit code (137, SIGKILL); the message is {@code OOMKilled: ...}.
     */
    public static final String OOM_KILLED = "OOMKilled";

    private final HostView view;
    private final PodLedger ledger;
    private final PodSupervisor supervisor;
    private final StatusSink sink;
    private final PodStatuses statuses;
    private final HostIsolation isolation;

    public PodWatcher(String nodeId, HostView view, PodLedger ledger, PodSupervisor supervisor, StatusSink sink,
            HostIsolation isolation) {
        this.isolation = isolation;
        this.view = view;
        this.ledger = ledger;
        this.supervisor = supervisor;
        this.sink = sink;
        this.statuses = new PodStatuses(nodeId);
    }

    /** One pass over the running pods; returns how many exits it handled. */
    public int check() {
        int exits = 0;
        for (HostView.Pod pod : view.all()) {
            if (pod.phase() != HostView.Phase.RUNNING || pod.process().isAlive()) {
                continue;
            }
            view.effects().lock();
            try {
                // Re-checked under the lock: the consumer may have stopped or replaced it meanwhile.
                if (!view.remove(pod)) {
                    continue;
                }
                OptionalInt code = pod.process().exitCode();
                // Read before the cgroup goes: its counters go with it.
                long oomKills = supervisor.oomKills(pod.podId()).orElse(0);
                String oomKilled = oomKills > 0 ? oomKilled(pod, oomKills) : null;
                supervisor.discardNow(pod.podId(), pod.process());
                boolean clean = code.isPresent() && code.getAsInt() == 0;
                PodState state = clean ? PodState.STOPPED : PodState.FAILED;
                String exited = code.isPresent()
                        ? "exited with code " + code.getAsInt() + stderrTail(supervisor.podStateDir(pod.podId()))
                        : "exited; exit code unknown (started by an earlier executor process)";
                String message = !clean && oomKilled != null ? oomKilled + "; " + exited : exited;
                Integer exit = code.isPresent() ? code.getAsInt() : null;
                long now = System.currentTimeMillis();
                ledger.update(pod.podId(), e -> e.generation() == pod.generation() ? e.withState(state, exit, message, now) : e);
                sink.podStatus(statuses.of(pod.podId(), pod.appId(), pod.generation(), state, exit, message));
                LOG.info("pod {} generation {} {}: {}", pod.podId(), pod.generation(), state, message);
                exits++;
                isolation.syncCpusets(view, supervisor); // its dedicated cores, if any, go back to the shared pool
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return exits;
            } catch (RuntimeException e) {
                LOG.error("pod {}: cannot clean up after exit: {}", pod.podId(), e.toString());
            } finally {
                view.effects().unlock();
            }
        }
        return exits;
    }

    private String oomKilled(HostView.Pod pod, long kills) {
        String limit = supervisor.readMemory(pod.podId()).map(m -> " at its memory limit of " + m.limitMb() + " MiB").orElse("");
        return OOM_KILLED + ": the kernel killed " + kills + " process" + (kills == 1 ? "" : "es") + " of the pod" + limit
                + " (memory request " + pod.placement().getResources().getMemoryMb() + " MiB)";
    }

    private static String stderrTail(Path podStateDir) {
        try (RandomAccessFile f = new RandomAccessFile(podStateDir.resolve("stderr.log").toFile(), "r")) {
            long start = Math.max(0, f.length() - STDERR_TAIL);
            byte[] tail = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : "; stderr: " + text.replaceAll("\\p{Cntrl}", " ");
        } catch (IOException e) {
            return "";
        }
    }
}
