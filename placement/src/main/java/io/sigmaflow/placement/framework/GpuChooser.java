package io.sigmaflow.placement.framework;

import io.sigmaflow.placement.model.Pod;

/**
 * A score plugin that also says which GPUs of the chosen node a pod should get: for a share, which
 * GPU it lands on decides what is left for the next pods. The placer asks the first enabled score
 * plugin that implements this; without one, a share takes the tightest GPU that fits.
 */
public interface GpuChooser {
    /**
     * GPU indexes on {@code node} for {@code pod} (which requests GPUs and fits there), or null to
     * leave the choice to the default. A choice the node cannot take is ignored.
     */
    int[] chooseGpus(Pod pod, NodeView node);
}
