package io.sigmaflow.connectors.flink;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.serde.UndecodableRecordException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes raw Kafka records into {@code T}. Bytes that do not decode, a record over the
 * {@link io.sigmaflow.connectors.rules.FieldLimits}, or one the {@link RecordValidator} refuses go to {@link DeadLetters#TAG}
 * with the reason and the (first) original bytes; so does a record named in
 * {@link SkippedRecords}, undecoded. Nothing a record holds can fail this operator: every
 * {@code Throwable} from decoding or validating becomes a dead letter, except the faults of the
 * JVM itself ({@link AvroCodec#isFaultOfTheJvm}: out of memory, a missing class, Avro's class
 * trust not configured), which no record can cause and which fail the job loudly; the codec bounds
 * what a record may allocate.
 */
public final class DecodeRecords<T extends SpecificRecord> extends ProcessFunction<KafkaBytes, T> {
    private final Class<T> type;
    private final RecordValidator<T> validator;
    private final SkippedRecords skipped;
    private final SignatureCheck<T> signatures;
    private transient AvroCodec<T> codec;
    private transient Counter decoded;
    private transient Counter deadLettered;
    private transient Counter signatureRejected;

    public DecodeRecords(Class<T> type, RecordValidator<T> validator) {
        this(type, validator, SkippedRecords.NONE);
    }

    public DecodeRecords(Class<T> type, RecordValidator<T> validator, SkippedRecords skipped) {
        this(type, validator, skipped, null);
    }

    /** With {@code signatures} (null for none): who produced each valid record is checked too. */
    public DecodeRecords(Class<T> type, RecordValidator<T> validator, SkippedRecords skipped, SignatureCheck<T> signatures) {
        this.type = type;
        this.validator = validator;
        this.skipped = skipped;
        this.signatures = signatures;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = AvroCodec.of(type);
        decoded = getRuntimeContext().getMetricGroup().counter("recordsDecoded");
        deadLettered = getRuntimeContext().getMetricGroup().counter("recordsDeadLettered");
        signatureRejected = getRuntimeContext().getMetricGroup().counter("hostSignatureRejected");
    }

    @Override
    public void processElement(KafkaBytes in, Context ctx, Collector<T> out) {
        String stage = "decode " + type.getSimpleName();
        if (skipped.skips(in)) {
            deadLettered.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(in, DeadLetters.SKIPPED,
                    "skipped by operator setting sigmaflow.skip-records at " + in.origin(), stage));
            return;
        }
        T record;
        try {
            record = codec.decode(in.value);
        } catch (UndecodableRecordException e) {
            deadLettered.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(in, e.errorType().name(), e.getMessage() + " at " + in.origin(), stage));
            return;
        }
        String problem;
        try {
            problem = io.sigmaflow.connectors.rules.FieldLimits.problem(record);
            problem = problem != null ? problem : validator.problem(record);
        } catch (Throwable e) {
            if (AvroCodec.isFaultOfTheJvm(e)) {
                throw e;
            }
            // A validator that trips over a record it did not foresee refuses it; it does not stop the job.
            problem = "the validator failed on this record: " + e;
        }
        if (problem != null) {
            deadLettered.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(in, DeadLetters.INVALID, problem + " at " + in.origin(), stage));
            return;
        }
        // After the field rules: a record too big or with unsafe ids never reaches the key derivation.
        String forged;
        try {
            forged = signatures == null ? null : signatures.problem(in, record);
        } catch (Throwable e) {
            if (AvroCodec.isFaultOfTheJvm(e)) {
                throw e;
            }
            forged = "the signature check failed on this record: " + e;
        }
        if (forged != null) {
            deadLettered.inc();
            signatureRejected.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(in, DeadLetters.SIGNATURE, forged + " at " + in.origin(), stage));
            return;
        }
        decoded.inc();
        out.collect(record);
    }
}
