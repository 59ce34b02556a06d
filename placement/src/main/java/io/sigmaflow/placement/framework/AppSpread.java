package io.sigmaflow.placement.framework;

/** Where an app's pods are: how many (bound or reserved) sit in each domain of the index. */
public interface AppSpread {
    AppSpread EMPTY = new AppSpread() {
        @Override
        public int podsIn(int domainId) {
            return 0;
        }

        @Override
        public int totalPods() {
            return 0;
        }
    };

    /** Pods of the app in the domain with this {@link DomainView#id()} (0 for an unknown id). */
    int podsIn(int domainId);

    int totalPods();
}
