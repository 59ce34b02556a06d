package io.sigmaflow.placement.placer;

import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementExplanation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a BIND's node won, as the BIND recorded it, from either wire form: the compact one (since
 * Placement v3: plugins by position in the score profile, floats) or the one before (plugin names,
 * doubles). Scores are normalized (0..100, before weights); a compact score reads back as the
 * shortest decimal of its float (75.0, 33.333332), the precision it was written with.
 *
 * @param winner          plugin name to the winner's score; every plugin of the profile
 * @param runnerUpNodeId  null when only one node was scored
 * @param runnerUp        the same for the runner-up; empty when there is none
 * @param otherProfile    null, or why the names are positions ({@code #0}, {@code #1}...): the BIND
 *                        was scored with a profile whose plugin names differ from the reader's (or
 *                        why the scores are missing: a malformed explanation)
 */
public record RecordedScores(int feasibleNodes, Map<String, Double> winner, String runnerUpNodeId,
                             Map<String, Double> runnerUp, String otherProfile) {

    /**
     * The BIND's scores; null when it carries none (placed into a reservation slot or after
     * preempting, or written by a producer that recorded none).
     *
     * @param scorePlugins the reader's score profile: plugin names in order
     */
    public static RecordedScores of(Placement bind, List<String> scorePlugins) {
        CompactExplanation compact = bind.getCompactExplanation();
        if (compact != null) {
            return of(compact, scorePlugins);
        }
        PlacementExplanation e = bind.getExplanation();
        if (e == null) {
            return null;
        }
        return new RecordedScores(e.getFeasibleNodes(), new LinkedHashMap<>(e.getWinnerScores()),
                e.getRunnerUpNodeId(), new LinkedHashMap<>(e.getRunnerUpScores()), null);
    }

    static RecordedScores of(CompactExplanation compact, List<String> scorePlugins) {
        int listedCount = Long.bitCount(compact.getListed());
        if (compact.getWinnerScores().size() != listedCount || (compact.getRunnerUpNodeId() != null
                && compact.getRunnerUpScores().size() != listedCount)) {
            return new RecordedScores(compact.getFeasibleNodes(), Map.of(), compact.getRunnerUpNodeId(), Map.of(),
                    "malformed explanation: " + listedCount + " plugins listed, " + compact.getWinnerScores().size()
                            + " winner and " + compact.getRunnerUpScores().size() + " runner-up scores");
        }
        boolean sameProfile = compact.getScoreProfile() == ScoreProfileId.of(scorePlugins);
        // With another profile only the listed positions are known (how many plugins it had is not).
        int positions = sameProfile ? scorePlugins.size() : Long.SIZE - Long.numberOfLeadingZeros(compact.getListed());
        boolean hasRunnerUp = compact.getRunnerUpNodeId() != null;
        Map<String, Double> winner = new LinkedHashMap<>();
        Map<String, Double> runnerUp = new LinkedHashMap<>();
        int next = 0;
        for (int i = 0; i < positions; i++) {
            boolean listed = (compact.getListed() & (1L << i)) != 0;
            if (!listed && !sameProfile) {
                continue;
            }
            String name = sameProfile ? scorePlugins.get(i) : "#" + i;
            winner.put(name, listed ? decimal(compact.getWinnerScores().get(next)) : 0.0);
            if (hasRunnerUp) {
                runnerUp.put(name, listed ? decimal(compact.getRunnerUpScores().get(next)) : 0.0);
            }
            if (listed) {
                next++;
            }
        }
        String other = sameProfile ? null
                : "scored with a score profile (fingerprint " + Integer.toHexString(compact.getScoreProfile())
                        + ") other than this reader's " + scorePlugins + " (" + Integer.toHexString(ScoreProfileId.of(scorePlugins))
                        + "): plugins shown by position, those that scored 0 for both nodes left out";
        return new RecordedScores(compact.getFeasibleNodes(), winner, compact.getRunnerUpNodeId(), runnerUp, other);
    }

    /** The float's shortest decimal as a double: 33.333332, not 33.33333206176758. */
    private static double decimal(float score) {
        return Double.parseDouble(Float.toString(score));
    }
}
