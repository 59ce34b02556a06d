package io.sigmaflow.jobs.partition;

import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.job.OutcomePart;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Request outcomes given at commit, keyed by {@link #key} (app and request): the partitions whose
 * commands carried a request's outcome each report their part; once all have, the outcome is
 * emitted if every part bound all its pods, and nothing is emitted otherwise (the app side answers
 * then, see {@code OutcomeAtCommit}). Parts arrive just before the checkpoint barrier of their
 * BINDs, so an outcome commits with the last of them. The key's state is cleared when its parts
 * are in.
 */
public final class OutcomeParts extends KeyedProcessFunction<String, OutcomePart, RequestOutcome> {
    private transient MapState<String, Boolean> parts;

    /** The join key: one request of one app. */
    public static String key(OutcomePart part) {
        return part.getAppId() + "/" + part.getRequestId();
    }

    @Override
    public void open(OpenContext context) {
        parts = getRuntimeContext().getMapState(new MapStateDescriptor<>("outcome-parts", Types.STRING, Types.BOOLEAN));
    }

    @Override
    public void processElement(OutcomePart part, Context ctx, Collector<RequestOutcome> out) throws Exception {
        parts.put(part.getPartitionId(), part.getBound());
        int in = 0;
        boolean allBound = true;
        for (Map.Entry<String, Boolean> e : parts.entries()) {
            in++;
            allBound &= e.getValue();
        }
        if (in < part.getParts()) {
            return;
        }
        parts.clear();
        if (allBound) {
            out.collect(emitted(part.getOutcome()));
        }
    }

    /** The outcome as emitted now (the wall clock is not part of any decision). */
    public static RequestOutcome emitted(RequestOutcome outcome) {
        return RequestOutcome.newBuilder(outcome).setEmittedAtMs(System.currentTimeMillis()).build();
    }
}
