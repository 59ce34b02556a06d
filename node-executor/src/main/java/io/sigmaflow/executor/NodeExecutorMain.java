package io.sigmaflow.executor;

import io.sigmaflow.executor.cgroup.CgroupUnavailableException;
import io.sigmaflow.executor.config.ConfigException;
import io.sigmaflow.executor.config.ExecutorConfig;
import io.sigmaflow.executor.config.ExecutorConfigReader;

/**
 * {@code node-executor --node-id ID --bootstrap HOST:PORT [--config FILE] [--set KEY=VALUE]...}
 *
 * <p>Exit codes: 0 stopped by a signal; 1 a fatal error while running (the supervisor restarts
 * it; nothing uncommitted was lost); 2 bad command line or configuration; 3 the host is not
 * usable (no writable cpu cgroup, or another executor holds the state dir).
 */
public final class NodeExecutorMain {
    private NodeExecutorMain() {}

    public static void main(String[] args) throws InterruptedException {
        ExecutorConfig config;
        try {
            config = ExecutorConfigReader.fromArgs(args);
        } catch (ExecutorConfigReader.HelpRequested e) {
            System.out.println(ExecutorConfigReader.USAGE);
            return;
        } catch (ConfigException e) {
            System.err.println("node-executor: invalid configuration:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.err.println(ExecutorConfigReader.USAGE);
            System.exit(2);
            return;
        }
        NodeExecutor executor;
        try {
            executor = NodeExecutor.start(config);
        } catch (CgroupUnavailableException | StateDirLock.HeldException e) {
            System.err.println("node-executor: " + e.getMessage());
            System.exit(3);
            return;
        } catch (Exception e) {
            System.err.println("node-executor: cannot start: " + e);
            System.exit(1);
            return;
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
            System.exit(1);
        }
    }
}
