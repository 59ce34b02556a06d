package io.sigmaflow.jobs.protocol;

import io.sigmaflow.placement.model.Pod;

/**
 * What the app side, the node directory and the node partitions agree on, in one place that all
 * of them import (and that imports none of them): the order of commands at one instant, what a
 * reservation slot is, who speaks for the app side in the loop, and how often a pod may fail on
 * its hosts.
 */
public final class PartitionProtocol {

    private PartitionProtocol() {}

    /** The revision of an app's reservation slots: their dispersion group is the app's revision 0. */
    public static final int SLOT_REVISION = 0;

    /** The {@code shardId} of the loop's records that come from the app side (migrations settled). */
    public static final String SETTLED_SPEAKER = "migrations";

    /** A pod that crashes everywhere is placed at most this often (a crash loop must not cycle the cluster). */
    public static final int DEFAULT_MAX_HOST_FAILURES = 5;

    /**
     * True for a reservation slot (a {@code PlacePods} of revision {@value #SLOT_REVISION}): bound
     * and stored like a pod, so it holds capacity and spreads, but never sent to an executor.
     */
    public static boolean isSlot(String podId) {
        return podId.startsWith(Pod.RESERVATION_PREFIX);
    }

    /** Order key of a node change: node changes go before pods at one instant. */
    public static String nodeOrderKey(String nodeId) {
        return "1:node:" + nodeId;
    }

    /** Order key of an app's commands (place, release, migrate). */
    public static String appOrderKey(String appId) {
        return "2:app:" + appId;
    }
}
