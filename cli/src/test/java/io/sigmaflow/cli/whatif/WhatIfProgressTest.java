package io.sigmaflow.cli.whatif;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class WhatIfProgressTest {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void theEstimateFollowsPlacedPodsWhenAnswersLag() {
        WhatIfProgress p = new WhatIfProgress(NOWHERE, false, 2496, 200_000);
        // 469 answered, half the pods placed, 100 s: half done, not a fifth.
        String line = p.line(469, 100_000, 0, 100);
        assertTrue(line.endsWith("~100 s left"), line);
        assertTrue(p.line(469, 200_000, 0, 162).endsWith("all pods placed, answers coming"));
        assertTrue(p.line(2496, 200_000, 0, 170).endsWith("all answered, settling"));
    }

    @Test
    void withDeletionsOrUnknownPodsTheAnswersLead() {
        // A trace with deletions: few pods bound at a time, most requests answered.
        WhatIfProgress trace = new WhatIfProgress(NOWHERE, false, 1000, 1000);
        assertTrue(trace.line(750, 40, 0, 30).endsWith("~10 s left"), trace.line(750, 40, 0, 30));
        WhatIfProgress unknown = new WhatIfProgress(NOWHERE, false, 10);
        assertTrue(unknown.line(0, 5, 0, 3).endsWith("no answer read yet"));
        assertTrue(unknown.line(5, 5, 0, 10).endsWith("~10 s left"));
    }
}
