package io.sigmaflow.executor;

import io.sigmaflow.executor.config.ExecutorConfig;
import io.sigmaflow.executor.config.ExecutorConfigReader;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.testing.AfterStart;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real executor in its own JVM that dies like kill -9 in the middle of an apply: right after
 * its N-th payload has started, before the start is recorded as RUNNING or any offset is
 * committed ({@code Runtime.halt}: no shutdown hook, no finally). Args: N, then the executor's.
 */
public final class CrashingExecutorMain {
    /** The exit code of the simulated kill. */
    public static final int KILLED = 137;

    private CrashingExecutorMain() {}

    public static void main(String[] args) throws Exception {
        int crashAfter = Integer.parseInt(args[0]);
        ExecutorConfig config = ExecutorConfigReader.fromArgs(Arrays.copyOfRange(args, 1, args.length));
        AtomicInteger starts = new AtomicInteger();
        NodeExecutor executor = NodeExecutor.start(config, new NodeExecutor.Options(real -> AfterStart.wrap(real, (launch, pod) -> {
            if (starts.incrementAndGet() == crashAfter) {
                System.out.println("crashing after starting " + launch.podId() + " (pid " + pod.pid() + ")");
                System.out.flush();
                Runtime.getRuntime().halt(KILLED);
            }
        }), null, RunDelayProbe.schedstat()));
        executor.awaitStopped();
    }
}
