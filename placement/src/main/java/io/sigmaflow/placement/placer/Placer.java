package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.framework.FilterChain.FilterCycle;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.GpuChooser;
import io.sigmaflow.placement.framework.Profile;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.framework.ScoreChain;
import io.sigmaflow.placement.framework.ScoreChain.ScoreCycle;
import io.sigmaflow.placement.index.ClusterIndex;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The placement decision core: a greedy, single-threaded placer over one {@link ClusterIndex} (the
 * whole cluster, or the nodes of one partition). Each pod is filtered, scored and committed before
 * the next; the same calls in the same order give the same placements (no clock, no hash order).
 *
 * <p>Entry points: {@link #place} (decide and commit), {@link #decide} + {@link #commit} (when the
 * decision and the commit happen in different places), {@link #move}, {@link #release}, {@link #scaleDown},
 * {@link #reserve}, node changes ({@link #apply(NodeEvent)}, {@link #upsertNode}, {@link #removeNode})
 * and state transfer ({@link #restore(NodeState)}, {@link #nodeState}). Not thread-safe.
 */
public final class Placer {
    private final Profile profile;
    private final ClusterIndex index;
    private final CandidateSearch search;
    private final Reservations reservations = new Reservations();
    private final UnschedulableShapes unschedulableShapes = new UnschedulableShapes();
    /** Only sound when every filter's rejections survive binds (see FilterPlugin#rejectionsSurviveBinds). */
    private final boolean rememberUnschedulable;
    private final List<String> scoreNames;
    /** {@link ScoreProfileId} of {@link #scoreNames}: every compact explanation carries it. */
    private final int scoreProfile;
    private double[][] perPlugin;
    private double[] totals;
    /** The node {@link #choose} picked last (saves a lookup by id before binding). */
    private NodeInfo lastChosen;
    /** The first enabled score that picks GPUs, or null (then a share takes the tightest GPU). */
    private final GpuChooser gpuChooser;

    public Placer(Profile profile, ClusterIndex index) {
        this.profile = profile;
        this.index = index;
        this.search = new CandidateSearch(profile.maxCandidates(), 64, profile.scores());
        this.rememberUnschedulable = profile.filters().plugins().stream().allMatch(FilterPlugin::rejectionsSurviveBinds);
        ScoreChain scores = profile.scores();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            names.add(scores.name(i));
        }
        this.scoreNames = List.copyOf(names);
        this.scoreProfile = ScoreProfileId.of(scoreNames);
        GpuChooser chooser = null;
        for (int i = scores.size() - 1; i >= 0; i--) {
            if (scores.weighted().get(i).plugin() instanceof GpuChooser c) {
                chooser = c;
            }
        }
        this.gpuChooser = chooser;
        allocateScratch(profile.maxCandidates() == 0 ? 64 : profile.maxCandidates());
    }

    public Placer(Profile profile, TopologyLevels levels) {
        this(profile, new ClusterIndex(levels));
    }

    public Profile profile() {
        return profile;
    }

    public ClusterIndex index() {
        return index;
    }

    // ---- pods -------------------------------------------------------------------------------

    /**
     * Chooses a node for {@code pod} without changing anything: CHOSEN with an explanation,
     * ALREADY_BOUND, or UNSCHEDULABLE with per-filter rejection counts.
     */
    public PlacementDecision decide(Pod pod) {
        NodeInfo bound = index.nodeOf(pod.id());
        if (bound != null) {
            return PlacementDecision.alreadyBound(pod, bound.id());
        }
        UnschedulableShapes.Known known = unschedulableShapes.lookup(pod, index.capacityEpoch());
        if (known != null) {
            return PlacementDecision.unschedulable(pod, known.why().byFilter(), known.why().message());
        }
        FilterCycle filters = profile.filters().prepare(pod, index);
        PlacementDecision chosen = choose(pod, filters);
        return chosen != null ? chosen.withGpus(gpusFor(pod, lastChosen)) : unschedulable(pod, filters, false);
    }

    /**
     * Places {@code pod}: into a reservation slot of its app if one fits, else on the best node, else
     * (when the profile allows) by preempting the cheapest set of lower-priority pods on one node —
     * the decision then lists them and the caller must re-queue them — else UNSCHEDULABLE.
     */
    public PlacementDecision place(Pod pod) {
        return place(pod, profile.preemption());
    }

    /**
     * {@link #place(Pod)}, preempting only when {@code allowPreemption} (and the pod is not a
     * reservation slot), whatever the profile says: a node partition must not evict pods for a pod
     * that another partition could still take, so it places without preemption first.
     */
    public PlacementDecision place(Pod pod, boolean allowPreemption) {
        return place(pod, allowPreemption, pod.appId());
    }

    /**
     * {@link #place(Pod, boolean)} taking a slot of the reservation held under {@code slotGroup}
     * (the app id its slots were reserved with; a node partition groups an app's pods per revision
     * but its slots under one group of their own).
     */
    public PlacementDecision place(Pod pod, boolean allowPreemption, String slotGroup) {
        NodeInfo bound = index.nodeOf(pod.id());
        if (bound != null) {
            return PlacementDecision.alreadyBound(pod, bound.id());
        }
        if (!pod.isReservation() && reservations.has(slotGroup)) {
            PlacementDecision intoSlot = takeReservation(pod, slotGroup);
            if (intoSlot != null) {
                return intoSlot;
            }
        }
        boolean mayPreempt = allowPreemption && !pod.isReservation();
        UnschedulableShapes.Known known = unschedulableShapes.lookup(pod, index.capacityEpoch());
        if (known != null && (known.noPreemption() || !mayPreempt)) {
            return PlacementDecision.unschedulable(pod, known.why().byFilter(), known.why().message());
        }
        FilterCycle filters = profile.filters().prepare(pod, index);
        PlacementDecision chosen = known != null ? null : choose(pod, filters);
        if (chosen != null) {
            int[] gpus = bind(pod, lastChosen);
            return chosen.withGpus(gpus).bound();
        }
        if (mayPreempt) {
            Optional<Preemption.Plan> plan = Preemption.cheapest(pod, filters, index);
            if (plan.isPresent()) {
                for (Pod victim : plan.get().victims()) {
                    release(victim.id());
                }
                int[] gpus = bind(pod, plan.get().node());
                return PlacementDecision.boundAfterPreemption(pod, plan.get().node().id(), plan.get().victims())
                        .withGpus(gpus);
            }
        }
        return unschedulable(pod, filters, mayPreempt);
    }

    /**
     * Commits {@code pod} on {@code nodeId} after re-checking every filter and the node's capacity
     * against the current state (the authoritative check: a decision may have been made on a stale
     * view). Never overcommits.
     */
    public CommitResult commit(Pod pod, String nodeId) {
        NodeInfo current = index.nodeOf(pod.id());
        if (current != null) {
            return new CommitResult(CommitResult.Status.ALREADY_BOUND, pod.id(), current.id(), null);
        }
        NodeInfo node = index.node(nodeId);
        if (node == null) {
            return new CommitResult(CommitResult.Status.UNKNOWN_NODE, pod.id(), nodeId, null);
        }
        Rejection rejection = profile.filters().prepare(pod, index).firstRejection(node);
        if (rejection == null && !node.hasRoomFor(pod)) {
            rejection = CommitResult.WOULD_OVERCOMMIT;
        }
        if (rejection != null) {
            return new CommitResult(CommitResult.Status.REJECTED, pod.id(), nodeId, rejection);
        }
        bind(pod, node);
        return new CommitResult(CommitResult.Status.BOUND, pod.id(), nodeId, null);
    }

    /**
     * Moves a bound pod to {@code toNodeId} (a migration, a drain) after the same re-check as
     * {@link #commit}, judged as if the pod were already gone from its current node. On success the
     * pod is bound on the target only; the caller emits the target's BIND before the source's UNBIND
     * (make-before-break happens on the hosts, not in this index).
     */
    public CommitResult move(String podId, String toNodeId) {
        NodeInfo from = index.nodeOf(podId);
        if (from == null) {
            return new CommitResult(CommitResult.Status.UNKNOWN_POD, podId, toNodeId, null);
        }
        Pod pod = from.pod(podId);
        if (from.id().equals(toNodeId)) {
            return new CommitResult(CommitResult.Status.ALREADY_BOUND, podId, toNodeId, null);
        }
        NodeInfo to = index.node(toNodeId);
        if (to == null) {
            return new CommitResult(CommitResult.Status.UNKNOWN_NODE, podId, toNodeId, null);
        }
        int[] fromGpus = from.gpusOf(podId);
        index.unbind(podId);
        Rejection rejection = profile.filters().prepare(pod, index).firstRejection(to);
        if (rejection == null && !to.hasRoomFor(pod)) {
            rejection = CommitResult.WOULD_OVERCOMMIT;
        }
        if (rejection != null) {
            index.bind(pod, from, fromGpus); // put back where it was: it fitted there a moment ago
            return new CommitResult(CommitResult.Status.REJECTED, podId, toNodeId, rejection);
        }
        index.bind(pod, to, gpusFor(pod, to));
        return new CommitResult(CommitResult.Status.BOUND, podId, toNodeId, null);
    }

    /**
     * Moves a bound pod to the best node for it other than its own, chosen as a placement now would
     * be (filters and scores, with the pod gone from where it is: a draining node fails
     * NodeSchedulable). Returns the target; empty, the pod left where it was, when no other node
     * passes the filters with room. Never preempts, never takes a reservation slot.
     */
    public Optional<String> relocate(String podId) {
        NodeInfo from = index.nodeOf(podId);
        if (from == null) {
            return Optional.empty();
        }
        Pod pod = from.pod(podId);
        int[] fromGpus = from.gpusOf(podId);
        index.unbind(podId);
        PlacementDecision chosen = choose(pod, profile.filters().prepare(pod, index));
        NodeInfo to = chosen == null ? from : lastChosen;
        index.bind(pod, to, to == from ? fromGpus : gpusFor(pod, to));
        return to == from ? Optional.empty() : Optional.of(to.id());
    }

    /** Unbinds a pod (or a reservation slot); returns it, or null when it was not bound here. */
    public Pod release(String podId) {
        Pod pod = index.unbind(podId);
        if (pod != null && pod.isReservation()) {
            reservations.untrack(pod);
        }
        return pod;
    }

    /** The pod of {@code appId} whose removal keeps the app's dispersion best; empty when it has none. */
    public Optional<Pod> scaleDownVictim(String appId) {
        return Optional.ofNullable(ScaleDown.victim(index, appId));
    }

    /** Releases up to {@code count} pods of {@code appId}, each chosen by {@link #scaleDownVictim}. */
    public List<Pod> scaleDown(String appId, int count) {
        List<Pod> removed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Pod victim = ScaleDown.victim(index, appId);
            if (victim == null) {
                break;
            }
            removed.add(release(victim.id()));
        }
        return removed;
    }

    // ---- reservations -----------------------------------------------------------------------

    /**
     * Holds capacity for {@code slots} more pods shaped like {@code template} (its app, requests,
     * constraints), placed and dispersed like real pods but never preempting. A later
     * {@link #place} of a pod of the app takes a slot whose capacity and node fit it.
     */
    public List<PlacementDecision> reserve(Pod template, int slots) {
        List<PlacementDecision> decisions = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            Pod slot = template.withId(reservations.nextSlotId(template.appId()));
            decisions.add(place(slot));
        }
        return decisions;
    }

    /** The reservation slots of {@code appId} still held, by id. */
    public List<String> reservationSlots(String appId) {
        return reservations.slotsOf(appId);
    }

    /** Frees every slot still held for {@code appId}; returns them. */
    public List<Pod> cancelReservations(String appId) {
        List<Pod> freed = new ArrayList<>();
        for (String slotId : reservations.slotsOf(appId)) {
            freed.add(release(slotId));
        }
        return freed;
    }

    // ---- nodes ------------------------------------------------------------------------------

    /** Adds or replaces a node (see {@link ClusterIndex#upsertNode}); a REMOVED node is removed. */
    public void upsertNode(Node node) {
        if (node.condition() == NodeCondition.REMOVED) {
            removeNode(node.id());
        } else {
            index.upsertNode(node);
        }
    }

    /** Forgets a node; returns its pods (now unbound, reservation slots included) to re-place. */
    public List<Pod> removeNode(String nodeId) {
        List<Pod> pods = index.removeNode(nodeId);
        for (Pod pod : pods) {
            if (pod.isReservation()) {
                reservations.untrack(pod);
            }
        }
        return pods;
    }

    /**
     * Applies a node event. Returns the pods the caller must now move: for REMOVE the node's pods
     * (already unbound), for DRAIN the pods still bound on the draining node; otherwise none.
     * Invalid events throw {@link IllegalArgumentException} naming the field.
     */
    public List<Pod> apply(NodeEvent event) {
        NodeInfo previous = index.node(event.getNodeId());
        Node next = AvroMapping.node(event, previous == null ? null : previous.node());
        return switch (event.getType()) {
            case REMOVE -> removeNode(next.id());
            case DRAIN -> {
                index.upsertNode(next);
                yield List.copyOf(index.node(next.id()).pods());
            }
            case REGISTER, UPDATE -> {
                index.upsertNode(next);
                yield List.of();
            }
        };
    }

    /**
     * Makes the index hold {@code state} for its node: the description, and exactly its pods (pods
     * bound here but absent from the snapshot are unbound; pods bound on another node are moved).
     * Capacity is not re-checked: a snapshot records what was committed.
     */
    public void restore(NodeState state) {
        Node node = AvroMapping.node(state);
        if (node.condition() == NodeCondition.REMOVED) {
            removeNode(node.id());
            return;
        }
        NodeInfo info = index.upsertNode(node);
        List<Pod> wanted = AvroMapping.pods(state);
        java.util.Map<String, int[]> gpusOf = new java.util.HashMap<>();
        for (io.sigmaflow.schema.PodAllocation a : state.getPods()) {
            gpusOf.put(a.getPodId(), AvroMapping.gpuIndexes(a.getGpus()));
        }
        Set<String> wantedIds = new HashSet<>();
        for (Pod pod : wanted) {
            wantedIds.add(pod.id());
        }
        for (Pod present : List.copyOf(info.pods())) {
            if (!wantedIds.contains(present.id())) {
                release(present.id());
            }
        }
        for (Pod pod : wanted) {
            NodeInfo where = index.nodeOf(pod.id());
            if (where == info) {
                continue;
            }
            if (where != null) {
                release(pod.id());
            }
            // The snapshot's GPU indexes, not a fresh choice: the host already gave the pod those GPUs.
            index.restore(pod, info, gpusOf.get(pod.id()));
            if (pod.isReservation()) {
                reservations.track(pod);
            }
        }
    }

    /** The snapshot of one node (null when unknown), for keyed state and the node-state topic. */
    public NodeState nodeState(String nodeId, long version, long updatedAtMs) {
        NodeInfo info = index.node(nodeId);
        return info == null ? null
                : AvroMapping.nodeState(info.node(), info.pods(), info::gpusOf, version, updatedAtMs);
    }

    // ---- internals --------------------------------------------------------------------------

    /** Binds on the GPUs {@link #gpusFor} picks; returns them. */
    private int[] bind(Pod pod, NodeInfo node) {
        int[] gpus = gpusFor(pod, node);
        index.bind(pod, node, gpus);
        if (pod.isReservation()) {
            reservations.track(pod);
        }
        return gpus;
    }

    /** The GPUs {@code pod} gets on {@code node}: the chooser's pick when it is valid there, else the tightest fit. */
    private int[] gpusFor(Pod pod, NodeInfo node) {
        if (pod.gpu().isNone()) {
            return new int[0];
        }
        int[] chosen = gpuChooser == null ? null : gpuChooser.chooseGpus(pod, node);
        return chosen != null && node.gpus().canTake(pod.gpu(), chosen) ? chosen : node.gpus().tightest(pod.gpu());
    }

    /** Searches and scores; null when no node passes the filters. */
    private PlacementDecision choose(Pod pod, FilterCycle filters) {
        ScoreCycle scores = profile.scores().prepare(pod, index);
        int n = search.search(index.root(), filters, scores);
        if (n == 0) {
            return null;
        }
        NodeInfo[] candidates = search.candidates();
        if (n > totals.length) {
            allocateScratch(Math.max(n, totals.length * 2));
        }
        scores.score(candidates, n, perPlugin, totals);
        int best = -1;
        int second = -1;
        for (int k = 0; k < n; k++) {
            if (best < 0 || better(candidates, k, best)) {
                second = best;
                best = k;
            } else if (second < 0 || better(candidates, k, second)) {
                second = k;
            }
        }
        Explanation explanation = new Explanation(scoreNames, scoreProfile, candidates[best].id(), column(best), totals[best],
                second < 0 ? null : candidates[second].id(), second < 0 ? null : column(second),
                second < 0 ? 0 : totals[second], n);
        lastChosen = candidates[best];
        return PlacementDecision.chosen(pod, candidates[best].id(), explanation);
    }

    /** Higher total wins; equal totals go to the lower node id (stable, input-order independent). */
    private boolean better(NodeInfo[] candidates, int a, int b) {
        if (totals[a] != totals[b]) {
            return totals[a] > totals[b];
        }
        return candidates[a].id().compareTo(candidates[b].id()) < 0;
    }

    private double[] column(int k) {
        double[] column = new double[perPlugin.length];
        for (int p = 0; p < perPlugin.length; p++) {
            column[p] = perPlugin[p][k];
        }
        return column;
    }

    /** A pod of an app with slots takes the first slot (by id) whose node would pass with the slot freed. */
    private PlacementDecision takeReservation(Pod pod, String slotGroup) {
        FilterCycle filters = profile.filters().prepare(pod, index);
        for (String slotId : reservations.slotsOf(slotGroup)) {
            NodeInfo node = index.nodeOf(slotId);
            NodeInfo freed = node.detachedCopy();
            freed.forget(slotId);
            if (freed.hasRoomFor(pod) && filters.firstRejection(freed) == null) {
                release(slotId);
                int[] gpus = bind(pod, node);
                return PlacementDecision.boundToReservation(pod, node.id(), slotId).withGpus(gpus);
            }
        }
        return null;
    }

    private PlacementDecision unschedulable(Pod pod, FilterCycle filters, boolean preemptionFailed) {
        long epoch = index.capacityEpoch();
        UnschedulableShapes.Known known = unschedulableShapes.lookup(pod, epoch);
        Diagnosis.Result why = known != null ? known.why() : Diagnosis.of(filters, profile.filters().plugins(), index);
        if (rememberUnschedulable) {
            unschedulableShapes.remember(pod, epoch, new UnschedulableShapes.Known(why,
                    preemptionFailed || (known != null && known.noPreemption())));
        }
        return PlacementDecision.unschedulable(pod, why.byFilter(), why.message());
    }

    private void allocateScratch(int capacity) {
        perPlugin = new double[profile.scores().size()][capacity];
        totals = new double[capacity];
    }
}
