package io.sigmaflow.solver.rebalance.plan;

/**
 * One migration of a plan: start {@code podId} on {@code toNodeId}, then stop it on {@code fromNodeId}.
 *
 * @param reason what the move is for, for operators (see {@link MigrationPlanner})
 */
public record PlannedMove(String podId, String appId, String fromNodeId, String toNodeId, String reason) {}
