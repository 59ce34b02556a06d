package io.sigmaflow.solver.rebalance.plan;

/**
 * A move of the solver's solution that the plan leaves out, and why (the pod stays on
 * {@code fromNodeId}).
 */
public record DroppedMove(String podId, String appId, String fromNodeId, String toNodeId, Why why) {

    /** Why a move was left out. */
    public enum Why {
        STALE("a node of this move changed since the snapshot"),
        REJECTED("the filters reject the target"),
        NOT_MOVABLE("the app's max-unavailable is 0"),
        OVER_BUDGET("over the run's or the app's move budget"),
        BEYOND_WAVES("beyond the plan's waves"),
        CYCLE("waits on a cycle of moves between full nodes; no free node for a detour within the budgets");

        private final String text;

        Why(String text) {
            this.text = text;
        }

        /** True when another solve with the pod pinned home may spend its budget better. */
        public boolean repairable() {
            return this == BEYOND_WAVES || this == CYCLE;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
