package io.sigmaflow.jobs.app;

/** What the app side counts; the operator maps it onto Flink metrics. */
public interface AppMetrics {
    void accepted();

    void rejected();

    void duplicate();

    /** A partition could not take a pod the router sent it (its summary was stale): the pod goes elsewhere. */
    void handedBack();

    /** Pending pods retried because capacity appeared. */
    void retried(int pods);

    /** Change in the number of pending pods of this subtask. */
    void pendingDelta(int delta);

    /** A pod its hosts failed too often stays pending instead of being placed again. */
    default void gaveUp() {}

    AppMetrics NONE = new AppMetrics() {
        @Override
        public void accepted() {}

        @Override
        public void rejected() {}

        @Override
        public void duplicate() {}

        @Override
        public void handedBack() {}

        @Override
        public void retried(int pods) {}

        @Override
        public void pendingDelta(int delta) {}
    };
}
