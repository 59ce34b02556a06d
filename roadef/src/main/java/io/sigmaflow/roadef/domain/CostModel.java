package io.sigmaflow.roadef.domain;

import io.sigmaflow.roadef.io.Balance;
import java.util.List;

/**
 * The instance's objective weights, shared by every machine, process and service so that each
 * constraint's match weight is already the weighted official cost (one soft point = one unit of
 * the ROADEF objective).
 *
 * @param transientResources indices of the resources a move consumes on both machines
 */
public record CostModel(
        long[] loadCostWeight,
        int[] transientResources,
        List<Balance> balances,
        long processMoveWeight,
        long serviceMoveWeight,
        long machineMoveWeight) {}
