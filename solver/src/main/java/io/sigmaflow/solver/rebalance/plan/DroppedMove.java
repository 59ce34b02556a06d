package io.sigmaflow.solver.rebalance.plan;

/** A move of the solver's solution that the plan leaves out, and why (the pod stays where it is). */
public record DroppedMove(String podId, String appId, String fromNodeId, String toNodeId, String reason) {}
