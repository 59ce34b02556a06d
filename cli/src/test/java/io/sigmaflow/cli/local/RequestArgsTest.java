package io.sigmaflow.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestArgsTest {

    @Test
    void aReserveBecomesARequestWithItsSlotTemplate() throws Exception {
        RequestArgs args = RequestArgs.parse(new String[] {"reserve", "--app", "web", "--replicas", "3", "--cpu", "500",
                "--memory", "256", "--qos", "be", "--selector", "disk=ssd", "--id", "r-1", "--prefix", "t1."});
        PlacementRequest r = args.request();
        assertEquals(RequestType.RESERVE, r.getType());
        assertEquals("r-1", r.getRequestId());
        assertEquals(3, r.getReplicas());
        assertEquals(500, r.getTemplate().getResources().getCpuMillis());
        assertEquals(256, r.getTemplate().getResources().getMemoryMb());
        assertEquals(QosClass.BE, r.getTemplate().getQos());
        assertEquals(0, r.getTemplate().getPriority(), "best-effort defaults to priority 0");
        assertEquals(Map.of("disk", "ssd"), r.getTemplate().getNodeSelector());
        assertEquals("/usr/bin/sleep", r.getTemplate().getPayload().getExecutable());
        assertEquals(List.of("infinity"), r.getTemplate().getPayload().getArgs());
        assertEquals("t1.", args.prefix());
        assertEquals("127.0.0.1:9092", args.bootstrap());
    }

    @Test
    void scaleDestroyAndAReserveOfZeroCarryNoTemplate() throws Exception {
        assertNull(RequestArgs.parse(new String[] {"scale", "--app", "web", "--replicas", "2"}).request().getTemplate());
        assertNull(RequestArgs.parse(new String[] {"destroy", "--app", "web"}).request().getTemplate());
        assertNull(RequestArgs.parse(new String[] {"reserve", "--app", "web", "--replicas", "0"}).request().getTemplate());
        PlacementRequest upgrade = RequestArgs.parse(new String[] {"upgrade", "--app", "web", "--max-surge", "2"}).request();
        assertEquals(2, upgrade.getUpgrade().getMaxSurge());
        assertEquals(1, upgrade.getUpgrade().getMaxUnavailable());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''|request type: expected one of publish, scale, upgrade, destroy, reserve",
            "grow --app web|request type 'grow': expected one of publish, scale, upgrade, destroy, reserve",
            "publish --replicas 2|--app: required",
            "publish --app web --replicas two|--replicas two: not a whole number",
            "publish --app web --cpu -5|--cpu -5: must be >= 0",
            "publish --app web --qos gold|--qos gold: expected LS or BE",
            "publish --app web --selector ssd|--selector ssd: expected KEY=VALUE",
            "publish --app web --colour red|--colour: unknown option",
            "publish --app|--app: needs a value",
            "publish --app web --bootstrap localhost|--bootstrap localhost: expected HOST:PORT",
            "publish --app web|--replicas: required for publish",
            "scale --app web|--replicas: required for scale",
            "reserve --app web --cpu 500|--replicas: required for reserve"})
    void badArgumentsAreNamedByTheirFlag(String line, String problem) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        RequestArgs.Invalid invalid = assertThrows(RequestArgs.Invalid.class, () -> RequestArgs.parse(args));
        assertEquals(problem, invalid.getMessage().lines().findFirst().orElseThrow(), invalid.getMessage());
    }
}
