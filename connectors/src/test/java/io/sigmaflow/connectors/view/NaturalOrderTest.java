package io.sigmaflow.connectors.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
    @Test
    void numbersCompareByValueAndLeadingZerosDoNotCount() {
        List<String> names = new ArrayList<>(List.of("host-10", "host-2", "host-002x", "host-1", "s1-c10-h0", "s1-c9-h12",
                "app", "app-0", "app-00", "b", "a10b", "a9c"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("a9c", "a10b", "app", "app-0", "app-00", "b", "host-1", "host-2", "host-002x", "host-10",
                "s1-c9-h12", "s1-c10-h0"), names);
        assertEquals(0, NaturalOrder.INSTANCE.compare("h007", "h7"));
        assertEquals(-1, Integer.signum(NaturalOrder.INSTANCE.compare("h7", "h0008")));
        assertEquals(1, Integer.signum(NaturalOrder.INSTANCE.compare("h10", "h9")));
    }
}
