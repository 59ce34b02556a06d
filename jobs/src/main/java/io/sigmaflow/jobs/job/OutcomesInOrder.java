package io.sigmaflow.jobs.job;

import io.sigmaflow.schema.RequestOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.MathUtils;

/**
 * Every outcome the job writes to {@code sigma.outcomes}, in the order it decided them, per request:
 * a request's ACCEPTED (and anything else the app side says) before its answer given at commit.
 *
 * <p>Input 1 is the app side's outcomes, input 2 the answers given at commit (the {@code outcome-parts}
 * operator's); both are partitioned by app ({@link #BY_APP}), so every outcome of an app passes one
 * subtask of this operator, and this operator's output goes forward to the outcomes sink: one sink
 * subtask, one transactional producer, one channel per app. App-side outcomes pass at once (in the
 * app side's order); answers given at commit are held until the checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}) and go out then, still in that checkpoint's transaction.
 *
 * <p>Why the barrier is enough: the app side emits a request's ACCEPTED before the PLACE commands that
 * carry its answer, so the ACCEPTED is ahead of the first barrier behind those commands, N; the
 * partitions report their parts at a barrier M ≥ N, so the answer reaches this operator ahead of
 * barrier M, and with aligned checkpoints (the job refuses unaligned ones) this operator has taken
 * everything ahead of barrier M on both inputs before it emits what it held. Nothing is held past a
 * barrier (or the end of input: {@link #finish}): no state, nothing to restore, no request held forever, whatever way
 * its ACCEPTED went (a request accepted before an upgrade included).
 */
public final class OutcomesInOrder extends AbstractStreamOperator<RequestOutcome>
        implements TwoInputStreamOperator<RequestOutcome, RequestOutcome, RequestOutcome> {
    private static final long serialVersionUID = 1L;

    /** The app an outcome belongs to. */
    public static final KeySelector<RequestOutcome, String> APP = o -> String.valueOf(o.getAppId());

    /** One channel per app: the app id's hash over the subtasks (both inputs alike). */
    public static final Partitioner<String> BY_APP = (app, channels) -> MathUtils.murmurHash(app.hashCode()) % channels;

    private transient List<StreamRecord<RequestOutcome>> held;

    @Override
    public void open() throws Exception {
        super.open();
        held = new ArrayList<>();
    }

    /** An app-side outcome: passes at once. */
    @Override
    public void processElement1(StreamRecord<RequestOutcome> element) {
        output.collect(element);
    }

    /** An answer given at commit: held until the barrier. */
    @Override
    public void processElement2(StreamRecord<RequestOutcome> element) {
        held.add(element);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        release();
    }

    @Override
    public void finish() throws Exception {
        release();
        super.finish();
    }

    /** Answers held (for tests and metrics). */
    int held() {
        return held.size();
    }

    private void release() {
        for (StreamRecord<RequestOutcome> answer : held) {
            output.collect(answer);
        }
        held.clear();
    }
}
