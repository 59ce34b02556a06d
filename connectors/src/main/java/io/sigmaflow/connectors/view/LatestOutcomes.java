package io.sigmaflow.connectors.view;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Each request's or each app's latest outcome, read from {@code sigma.outcomes} in topic order,
 * with the one rule every reader must apply: <b>a request's ACCEPTED never replaces an answer to
 * the same request</b>.
 *
 * <p>The job writes a request's ACCEPTED from the app side and, for a request answered at commit,
 * its final outcome from the {@code outcome-parts} operator: two sink subtasks, two transactional
 * producers, one checkpoint. Kafka orders a partition's records by when each producer's batch
 * reaches the broker, so the final outcome can sit before the ACCEPTED on the topic (the app side's
 * producer still lingering on its ACCEPTED while the BINDs were decided). A reader that took the
 * last record of a request would then see it ACCEPTED, forever.
 */
public final class LatestOutcomes {
    private LatestOutcomes() {
    }

    /** Whether {@code next}, read after {@code current} (null: none yet), is the newer answer. */
    public static boolean replaces(RequestOutcome next, RequestOutcome current) {
        return current == null || next.getStatus() != OutcomeStatus.ACCEPTED
                || current.getStatus() == OutcomeStatus.ACCEPTED
                || !current.getRequestId().equals(next.getRequestId());
    }

    /** Puts {@code o} under {@code key} in {@code latest} unless it is an ACCEPTED behind its own answer. */
    public static <K> void offer(Map<K, RequestOutcome> latest, K key, RequestOutcome o) {
        if (replaces(o, latest.get(key))) {
            latest.put(key, o);
        }
    }

    /** Request id -> its latest outcome, in the order requests were first answered. */
    public static Map<String, RequestOutcome> byRequest(Iterable<RequestOutcome> inTopicOrder) {
        return by(inTopicOrder, RequestOutcome::getRequestId);
    }

    /** App id -> its latest outcome, in the order apps were first answered. */
    public static Map<String, RequestOutcome> byApp(Iterable<RequestOutcome> inTopicOrder) {
        return by(inTopicOrder, RequestOutcome::getAppId);
    }

    private static Map<String, RequestOutcome> by(Iterable<RequestOutcome> outcomes, Function<RequestOutcome, String> key) {
        Map<String, RequestOutcome> out = new LinkedHashMap<>();
        outcomes.forEach(o -> offer(out, key.apply(o), o));
        return out;
    }
}
