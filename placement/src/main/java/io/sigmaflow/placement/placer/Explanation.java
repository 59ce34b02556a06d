package io.sigmaflow.placement.placer;

import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.PlacementExplanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a node won: the normalized score (0..100, before weights) per score plugin of the winner and
 * of the runner-up, their weighted totals, and how many feasible nodes were scored. Holds arrays and
 * builds maps only when asked, because every decision carries one.
 */
public final class Explanation {
    private final List<String> plugins;
    /** {@link ScoreProfileId} of {@code plugins}, computed once by the placer. */
    private final int scoreProfile;
    private final String nodeId;
    private final double[] scores;
    private final double total;
    private final String runnerUpNodeId;
    private final double[] runnerUpScores;
    private final double runnerUpTotal;
    private final int candidatesScored;

    Explanation(List<String> plugins, int scoreProfile, String nodeId, double[] scores, double total,
                String runnerUpNodeId, double[] runnerUpScores, double runnerUpTotal, int candidatesScored) {
        this.plugins = plugins;
        this.scoreProfile = scoreProfile;
        this.nodeId = nodeId;
        this.scores = scores;
        this.total = total;
        this.runnerUpNodeId = runnerUpNodeId;
        this.runnerUpScores = runnerUpScores;
        this.runnerUpTotal = runnerUpTotal;
        this.candidatesScored = candidatesScored;
    }

    public String nodeId() {
        return nodeId;
    }

    /** Plugin name -> the winner's normalized score, in profile order. */
    public Map<String, Double> scores() {
        return asMap(scores);
    }

    public double total() {
        return total;
    }

    /** Null when only one candidate was scored. */
    public String runnerUpNodeId() {
        return runnerUpNodeId;
    }

    /** Empty when there is no runner-up. */
    public Map<String, Double> runnerUpScores() {
        return runnerUpScores == null ? Map.of() : asMap(runnerUpScores);
    }

    public double runnerUpTotal() {
        return runnerUpTotal;
    }

    /** Feasible nodes scored for this pod (at most the profile's maxCandidates). */
    public int candidatesScored() {
        return candidatesScored;
    }

    /**
     * The wire form BINDs carry since Placement v3: plugins by position in the profile, scores as
     * floats (a normalized score needs no more than 7 digits), and a plugin left out when it scored 0
     * for both nodes (a GPU score for a pod without GPUs). {@link RecordedScores} reads it back.
     */
    public CompactExplanation toCompact() {
        // Unreachable today (a chain enables each registered score plugin at most once, and there are
        // four); here so that a 65th plugin fails loudly rather than wrapping the bit set.
        if (plugins.size() > Long.SIZE) {
            throw new IllegalStateException("a compact explanation lists at most 64 score plugins, the profile has "
                    + plugins.size());
        }
        long listed = 0;
        List<Float> winner = new ArrayList<>(plugins.size());
        List<Float> runnerUp = new ArrayList<>(runnerUpScores == null ? 0 : plugins.size());
        for (int i = 0; i < plugins.size(); i++) {
            if (scores[i] == 0 && (runnerUpScores == null || runnerUpScores[i] == 0)) {
                continue;
            }
            listed |= 1L << i;
            winner.add((float) scores[i]);
            if (runnerUpScores != null) {
                runnerUp.add((float) runnerUpScores[i]);
            }
        }
        // The constructor, not a builder (one per BIND): a builder pays a validation and a field copy per set.
        return new CompactExplanation(scoreProfile, listed, winner, runnerUpNodeId, runnerUp, candidatesScored);
    }

    /** The wire form of BINDs before Placement v3; its {@code feasibleNodes} carries {@link #candidatesScored}. */
    public PlacementExplanation toAvro() {
        return PlacementExplanation.newBuilder()
                .setWinnerScores(new TreeMap<>(scores()))
                .setRunnerUpNodeId(runnerUpNodeId)
                .setRunnerUpScores(new TreeMap<>(runnerUpScores()))
                .setFeasibleNodes(candidatesScored)
                .build();
    }

    private Map<String, Double> asMap(double[] values) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < plugins.size(); i++) {
            map.put(plugins.get(i), values[i]);
        }
        return map;
    }

    @Override
    public String toString() {
        return nodeId + " " + scores() + " total " + total
                + (runnerUpNodeId == null ? "" : "; runner-up " + runnerUpNodeId + " " + runnerUpScores() + " total " + runnerUpTotal)
                + "; " + candidatesScored + " scored";
    }
}
