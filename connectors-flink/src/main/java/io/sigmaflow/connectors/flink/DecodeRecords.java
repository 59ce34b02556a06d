package io.sigmaflow.connectors.flink;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.serde.UndecodableRecordException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes raw Kafka records into {@code T}. Bytes that do not decode, or a record the
 * {@link RecordValidator} refuses, go to {@link DeadLetters#TAG} with the reason and the
 * original bytes; the job never fails on input.
 */
public final class DecodeRecords<T extends SpecificRecord> extends ProcessFunction<KafkaBytes, T> {
    private final Class<T> type;
    private final RecordValidator<T> validator;
    private transient AvroCodec<T> codec;
    private transient Counter decoded;
    private transient Counter deadLettered;

    public DecodeRecords(Class<T> type, RecordValidator<T> validator) {
        this.type = type;
        this.validator = validator;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = AvroCodec.of(type);
        decoded = getRuntimeContext().getMetricGroup().counter("recordsDecoded");
        deadLettered = getRuntimeContext().getMetricGroup().counter("recordsDeadLettered");
    }

    @Override
    public void processElement(KafkaBytes in, Context ctx, Collector<T> out) {
        String stage = "decode " + type.getSimpleName();
        T record;
        try {
            record = codec.decode(in.value);
        } catch (UndecodableRecordException e) {
            deadLettered.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(in, e.errorType().name(), e.getMessage() + " at " + in.origin(), stage));
            return;
        }
        String problem = validator.problem(record);
        if (problem != null) {
            deadLettered.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(in, DeadLetters.INVALID, problem + " at " + in.origin(), stage));
            return;
        }
        decoded.inc();
        out.collect(record);
    }
}
