package io.sigmaflow.roadef.domain;

/** {@code dependent} depends on {@code required}: each process of the first needs one of the second in its neighborhood. */
public record ServiceDependency(Service dependent, Service required) {}
