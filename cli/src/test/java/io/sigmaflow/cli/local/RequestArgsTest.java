package io.sigmaflow.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.testing.CommandRun;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code ./sigma request}'s options: picocli's parse, then {@link RequestCommand#args}'s checks. */
class RequestArgsTest {
    private static RequestArgs parse(String[] args) {
        RequestCommand command = new RequestCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return command.args();
    }

    @Test
    void aReserveBecomesARequestWithItsSlotTemplate() throws Exception {
        RequestArgs args = parse(new String[] {"reserve", "--app", "web", "--replicas", "3", "--cpu", "500",
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
        assertNull(parse(new String[] {"scale", "--app", "web", "--replicas", "2"}).request().getTemplate());
        assertNull(parse(new String[] {"destroy", "--app", "web"}).request().getTemplate());
        assertNull(parse(new String[] {"reserve", "--app", "web", "--replicas", "0"}).request().getTemplate());
        PlacementRequest upgrade = parse(new String[] {"upgrade", "--app", "web", "--max-surge", "2"}).request();
        assertEquals(2, upgrade.getUpgrade().getMaxSurge());
        assertEquals(1, upgrade.getUpgrade().getMaxUnavailable());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''|Missing required parameter: 'TYPE'",
            "grow --app web|Invalid value for positional parameter at index 0 (TYPE): expected one of [PUBLISH, SCALE, DESTROY, UPGRADE, RESERVE] (case-insensitive) but was 'grow'",
            "publish --replicas 2|--app: required",
            "publish --app web --replicas two|Invalid value for option '--replicas': 'two' is not an int",
            "publish --app web --cpu -5|--cpu -5: must be >= 0",
            "publish --app web --qos gold|Invalid value for option '--qos': expected one of [LSR, LS, BE] (case-insensitive) but was 'gold'",
            "publish --app web --selector ssd|Value for option option '--selector' (K=V) should be in KEY=VALUE format but was ssd",
            "publish --app web --colour red|Unknown options: '--colour', 'red'",
            "publish --app|Missing required parameter for option '--app' (APP)",
            "publish --app web --bootstrap localhost|Invalid value for option '--bootstrap': 'localhost' is not HOST:PORT",
            "publish --app web --wait 10|Invalid value for option '--wait': '10' is not a duration (use 500ms, 30s, 10m, 1h, 2d or PT30S)",
            "publish --app web|--replicas: required for publish",
            "scale --app web|--replicas: required for scale",
            "reserve --app web --cpu 500|--replicas: required for reserve"})
    void badArgumentsAreNamedByTheirFlag(String line, String problem) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        ParameterException invalid = assertThrows(ParameterException.class, () -> parse(args));
        assertEquals(problem, invalid.getMessage().lines().findFirst().orElseThrow(), invalid.getMessage());
    }

    @Test
    void helpAndUnknownOptions() {
        CommandRun.assertHelp(new RequestCommand(), "request", "TYPE", "--app=APP", "--replicas=N", "--wait=DURATION",
                "--bootstrap=HOST:PORT", "--prefix=P");
        CommandRun.assertUnknownOptionRefused(new RequestCommand(), "request", "publish");
        CommandRun noReplicas = CommandRun.of(new RequestCommand(), "publish", "--app", "x");
        assertEquals(2, noReplicas.code());
        assertTrue(noReplicas.err().contains("request: --replicas: required for publish"), noReplicas.err());
    }

    @Test
    void statusHelpAndUnknownOptions() {
        CommandRun.assertHelp(new StatusCommand(), "status", "--bootstrap=HOST:PORT", "--prefix=P");
        CommandRun.assertUnknownOptionRefused(new StatusCommand(), "status");
    }
}
