package io.sigmaflow.connectors.topics;

import java.io.Serializable;
import java.util.function.Function;

/** The Kafka key of a record: the entity whose records must stay in order. */
@FunctionalInterface
public interface KeyExtractor<T> extends Function<T, String>, Serializable {}
