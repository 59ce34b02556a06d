package io.sigmaflow.executor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondExecutorOnTheSameStateDirIsRefusedUntilTheFirstCloses() throws Exception {
        HostAgent first = new HostAgent(TestConfig.in(dir).build(), UnaryOperator.identity(), new RecordingSink(), RunDelayProbe.schedstat());
        StateDirLock.HeldException e = assertThrows(StateDirLock.HeldException.class,
                () -> new HostAgent(TestConfig.in(dir).build(), UnaryOperator.identity(), new RecordingSink(), RunDelayProbe.schedstat()));
        assertTrue(e.getMessage().contains("is in use by another executor (pid " + ProcessHandle.current().pid() + ")"), e.getMessage());
        first.close();
        new HostAgent(TestConfig.in(dir).build(), UnaryOperator.identity(), new RecordingSink(), RunDelayProbe.schedstat()).close();
    }
}
