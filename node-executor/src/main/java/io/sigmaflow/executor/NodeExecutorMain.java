package io.sigmaflow.executor;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.executor.cgroup.CgroupUnavailableException;
import io.sigmaflow.executor.config.ConfigException;
import io.sigmaflow.executor.config.ExecutorConfig;
import io.sigmaflow.executor.config.ExecutorConfigReader;
import io.sigmaflow.executor.config.ExecutorOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code node-executor --node-id ID --bootstrap HOST:PORT [--config FILE] [--set KEY=VALUE]...}
 *
 * <p>Exit codes: 0 stopped by a signal; 1 a fatal error while running (the supervisor restarts
 * it; nothing uncommitted was lost); 2 bad command line or configuration; 3 the host is not
 * usable (no writable cpu cgroup, or another executor holds the state dir).
 */
@Command(name = "node-executor",
        description = {"Run this host's agent: apply the placements of this node, run its pods, report their status.",
            "Exit codes: 0 stopped by a signal, 1 fatal error while running, 2 bad command line or configuration"
            + " (every problem named by its setting), 3 the host is not usable."},
        footer = {"  ./sigma node-executor --node-id host-17 --bootstrap kafka-1:9092 \\",
            "      --config node-executor/dist/node-executor.properties --set state.dir=/var/lib/sigmaflow"})
public final class NodeExecutorMain implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ExecutorOptions options;

    public static void main(String[] args) {
        SigmaCli.main(new NodeExecutorMain(), args);
    }

    @Override
    public Integer call() throws InterruptedException {
        ExecutorConfig config;
        try {
            config = ExecutorConfigReader.read(options);
        } catch (ConfigException e) {
            new Problems().addAll(e.problems()).throwIfAny(spec);
            return SigmaCli.USAGE_ERROR;
        }
        NodeExecutor executor;
        try {
            executor = NodeExecutor.start(config);
        } catch (CgroupUnavailableException | StateDirLock.HeldException e) {
            System.err.println("node-executor: " + e.getMessage());
            return 3;
        } catch (Exception e) {
            System.err.println("node-executor: cannot start: " + e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            executor.close();
            // Plain stderr: the logging framework may already be shut down by its own hook.
            System.err.println("node-executor: stopped on signal, " + executor.host().view().size() + " pods left running");
        }, "node-executor-shutdown"));
        Throwable fatal = executor.awaitStopped();
        if (fatal != null) {
            System.err.println("node-executor: stopped by " + fatal);
            executor.close();
            return 1;
        }
        return 0;
    }
}
