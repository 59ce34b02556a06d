package io.sigmaflow.cli.whatif.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.JsonLine;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces of {@code --report DIR} that need no job: pending by reason, the histogram's buckets, the page's data. */
class ReportFilesTest {

    private static RequestOutcome outcome(String app, int pending, Map<String, Integer> reasons) {
        return RequestOutcome.newBuilder().setRequestId(app + "-1").setAppId(app)
                .setStatus(pending > 0 ? OutcomeStatus.PARTIALLY_PLACED : OutcomeStatus.PLACED)
                .setDesired(10).setPlaced(10 - pending).setPending(pending).setPendingReasons(Map.copyOf(reasons)).build();
    }

    @Test
    void anAppsPendingPodsCountUnderTheFilterThatRefusedTheMostNodes() {
        Map<String, Integer> byReason = WhatIfSummary.pendingByReason(List.of(
                outcome("a", 3, Map.of("NodeResourcesFit", 12, "NodeSelector", 4)),
                outcome("b", 2, Map.of("NodeSelector", 96)),
                outcome("c", 0, Map.of()),
                outcome("d", 1, Map.of()),
                outcome("e", 4, Map.of("NodeResourcesFit", 5, "NodeSelector", 5))));
        // e: a tie goes to the first name; d names no filter.
        assertEquals(Map.of("NodeResourcesFit", 7, "NodeSelector", 2, WhatIfSummary.UNKNOWN_REASON, 1), byReason);
        assertEquals(10, byReason.values().stream().mapToInt(Integer::intValue).sum(), "every pending pod counted once");
    }

    @Test
    void nodesFallIntoTenPercentBucketsAndOverOneHundredApart() {
        assertEquals(0, ReportData.bucket(0));
        assertEquals(0, ReportData.bucket(0.0999));
        assertEquals(1, ReportData.bucket(0.1));
        assertEquals(9, ReportData.bucket(0.95));
        assertEquals(9, ReportData.bucket(1.0), "a full node is not an overcommitted one");
        assertEquals(10, ReportData.bucket(1.0001));
    }

    @Test
    void theDataCannotEndItsScriptElement() {
        String json = JsonLine.of(JsonLine.object().put("app", "</script><script>alert(1)</script><!--"));
        String embedded = ReportHtml.inScript(json);
        assertFalse(embedded.contains("</"), embedded);
        assertFalse(embedded.contains("<!--"), embedded);
        assertEquals(JsonLine.object().put("app", "</script><script>alert(1)</script><!--").toString(),
                parse(embedded), "the same JSON once parsed");
        String page = ReportHtml.page(JsonLine.object().put("x", 1));
        assertTrue(page.contains("id=\"whatif-data\">{\"x\":1}</script>"), "the data is in its script element");
        assertFalse(page.contains(ReportHtml.DATA_MARK));
    }

    private static String parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).toString();
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
