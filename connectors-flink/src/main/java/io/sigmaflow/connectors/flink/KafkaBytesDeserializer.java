package io.sigmaflow.connectors.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes records through undecoded: decoding happens in {@link DecodeRecords}, where a bad
 * record can go to a side output instead of failing the source.
 */
public final class KafkaBytesDeserializer implements KafkaRecordDeserializationSchema<KafkaBytes> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaBytes> out) {
        out.collect(KafkaBytes.of(record));
    }

    @Override
    public TypeInformation<KafkaBytes> getProducedType() {
        return TypeInformation.of(KafkaBytes.class);
    }
}
