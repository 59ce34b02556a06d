package io.sigmaflow.roadef.io;

/** A balance objective: for every machine, {@code target * available(first) - available(second)} above zero costs {@code weight} per unit. */
public record Balance(int firstResource, int secondResource, long target, long weight) {}
