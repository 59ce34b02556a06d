package io.sigmaflow.connectors.flink;

import io.sigmaflow.schema.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The records of a topic that decoded, and the dead letters of those that did not. */
public record DecodedStream<T>(DataStream<T> records, DataStream<DeadLetter> deadLetters) {}
