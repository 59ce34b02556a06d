package io.sigmaflow.executor;

import io.sigmaflow.executor.config.ExecutorConfig;
import io.sigmaflow.executor.config.ExecutorConfigReader;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.schema.QosClass;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A host agent in its own JVM, to be killed with SIGKILL by a test: it binds the pods named in
 * its first argument ({@code id:QOS:cpuMillis,...}, each running {@code sleep 300}), prints
 * {@value #READY}, and waits. The remaining arguments are the executor's.
 */
public final class IsolatedHostMain {
    public static final String READY = "pods bound";

    private IsolatedHostMain() {}

    public static void main(String[] args) throws Exception {
        ExecutorConfig config = ExecutorConfigReader.fromArgs(Arrays.copyOfRange(args, 1, args.length));
        HostAgent host = new HostAgent(config, UnaryOperator.identity(), new RecordingSink(), RunDelayProbe.schedstat());
        host.reconciler().reconcile();
        for (String spec : args[0].split(",")) {
            String[] f = spec.split(":");
            host.placements().apply(Pods.bind(f[0]).on(config.nodeId()).qos(QosClass.valueOf(f[1]))
                    .cpuMillis(Long.parseLong(f[2])).build());
        }
        System.out.println(READY + ": " + host.view().size());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
