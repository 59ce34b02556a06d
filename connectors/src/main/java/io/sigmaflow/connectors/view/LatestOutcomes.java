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
 * <p>A defence, not the contract: the job writes a request's outcomes in the order it decided them,
 * ACCEPTED first (docs/job.md, "Outcome order": every outcome of an app through one producer, an
 * answer given at commit held until its checkpoint barrier). Job versions before that wrote a
 * request's ACCEPTED from the app side and its answer at commit from the {@code outcome-parts}
 * operator, two transactional producers, so the answer could sit before the ACCEPTED on the topic
 * and a reader that took the last record of a request would see it ACCEPTED forever. A topic may
 * still hold records of such a version; the rule costs nothing, so every reader keeps it.
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
