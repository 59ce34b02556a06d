package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.FlinkKafka.ReadMode;
import io.sigmaflow.placement.framework.InvalidConfigException;
import io.sigmaflow.schema.TopologyLevel;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PlacementJobConfigTest {

    @Test
    void defaultsAndFlinkKeysAreLeftAlone() {
        PlacementJobConfig c = PlacementJobConfig.from(Map.of("parallelism.default", "4", "rest.port", "8081"));
        assertEquals("127.0.0.1:9092", c.bootstrapServers());
        assertEquals("sigmaflow-placement", c.groupId());
        assertEquals("sigmaflow-placement", c.transactionalIdPrefix());
        assertEquals(ReadMode.STREAM, c.readMode());
        assertTrue(c.eventTimeOrder());
        assertEquals(Duration.ofSeconds(1), c.watermarkIdleness());
        assertEquals(TopologyLevel.CORE_SWITCH, c.partitionLevel());
        assertEquals("sigma.requests", c.topics().requests().name());
        assertEquals(8, c.topics().placements().partitions(), "not sized by hosts: today's 8");
    }

    @Test
    void fleetHostsSizeOnlyTheHostFacingTopics() {
        PlacementJobConfig c = PlacementJobConfig.from(Map.of("sigmaflow.kafka.fleet-hosts", "10000",
                "sigmaflow.kafka.partitions", "4"));
        assertEquals(10_000, c.fleetHosts());
        assertEquals(625, c.topics().placements().partitions());
        assertEquals(625, c.topics().priorityChanges().partitions());
        assertEquals(4, c.topics().requests().partitions());
        assertEquals(4, c.topics().nodeState().partitions());
    }

    @Test
    void placerKeysTravelWithoutTheirPrefixAndOverrideWeights() {
        PlacementJobConfig c = PlacementJobConfig.from(Map.of(
                "sigmaflow.placement.scores", "Dispersion:3,NodeResourcesAllocated:1",
                "sigmaflow.placement.topology.levels", "ZONE,CORE_SWITCH,CHASSIS,HOST",
                "sigmaflow.job.partition-level", "zone",
                "sigmaflow.job.order", "arrival",
                "sigmaflow.kafka.topic-prefix", "staging-"));
        assertEquals(3.0, c.placement().profile().scores().weight(0));
        assertEquals(TopologyLevel.ZONE, c.partitionLevel());
        assertFalse(c.eventTimeOrder());
        assertEquals("staging-sigma.placements", c.topics().placements().name());
        assertEquals(Map.of("scores", "Dispersion:3,NodeResourcesAllocated:1",
                "topology.levels", "ZONE,CORE_SWITCH,CHASSIS,HOST"), c.placementKeys());
    }

    @Test
    void clockGuardsHaveDefaultsAndAReplayHasNoGrace() {
        JobSettings stream = PlacementJobConfig.from(Map.of("sigmaflow.host.silence-timeout", "40s")).settings();
        assertEquals(30_000, stream.host().maxFutureSkewMs());
        assertEquals(45_000, stream.host().reportGraceMs());
        assertEquals(0.1, stream.host().massSilenceShare());
        assertEquals(20_000, stream.host().massSilenceWindowMs(), "half the silence timeout");
        assertEquals(new io.sigmaflow.jobs.migration.PlanClock(30_000, 600_000, false), stream.plans());
        JobSettings replay = PlacementJobConfig.from(Map.of("sigmaflow.job.read-mode", "BOUNDED",
                "sigmaflow.job.max-future-skew", "5s", "sigmaflow.host.mass-silence-window", "7s",
                "sigmaflow.host.mass-silence-share", "0.25", "sigmaflow.migration.plan-expiry", "1h")).settings();
        assertEquals(0, replay.host().reportGraceMs(), "a replay's watermark jumps are read speed");
        assertEquals(5_000, replay.host().maxFutureSkewMs());
        assertEquals(7_000, replay.host().massSilenceWindowMs());
        assertEquals(0.25, replay.host().massSilenceShare());
        assertEquals(new io.sigmaflow.jobs.migration.PlanClock(5_000, 3_600_000, true), replay.plans());
    }

    record Bad(Map<String, String> keys, String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    static Stream<Bad> bad() {
        return Stream.of(
                new Bad(Map.of("sigmaflow.job.colour", "red"), "sigmaflow.job.colour: unknown key; known: "),
                new Bad(Map.of("sigmaflow.placement.maxCandidates", "-1"),
                        "sigmaflow.placement.maxCandidates: expected a non-negative integer, got '-1'"),
                new Bad(Map.of("sigmaflow.placement.Nope.x", "1"), "sigmaflow.placement.Nope.x: unknown key"),
                new Bad(Map.of("sigmaflow.job.order", "random"), "sigmaflow.job.order: expected event-time or arrival, got 'random'"),
                new Bad(Map.of("sigmaflow.job.read-mode", "TAIL"), "sigmaflow.job.read-mode: expected STREAM or BOUNDED, got TAIL"),
                new Bad(Map.of("sigmaflow.job.watermark-idleness", "0s"),
                        "sigmaflow.job.watermark-idleness: expected a positive duration such as 500ms or 1s, got '0s'"),
                new Bad(Map.of("sigmaflow.job.partition-level", "ZONE"),
                        "sigmaflow.job.partition-level: ZONE is not one of the topology levels [CORE_SWITCH, CHASSIS, HOST]"),
                new Bad(Map.of("sigmaflow.kafka.partitions", "many"),
                        "sigmaflow.kafka.partitions: expected a non-negative integer, got 'many'"),
                new Bad(Map.of("sigmaflow.kafka.fleet-hosts", "-1"),
                        "sigmaflow.kafka.fleet-hosts: expected a non-negative integer, got '-1'"),
                new Bad(Map.of("sigmaflow.kafka.bootstrap-servers", " "), "sigmaflow.kafka.bootstrap-servers: must not be blank"),
                new Bad(Map.of("sigmaflow.host.mass-silence-share", "1.5"),
                        "sigmaflow.host.mass-silence-share: expected a share between 0 and 1 such as 0.1, got '1.5'"),
                new Bad(Map.of("sigmaflow.job.max-future-skew", "-3s"),
                        "sigmaflow.job.max-future-skew: expected a positive duration such as 500ms or 1s, got '-3s'"),
                new Bad(Map.of("sigmaflow.migration.plan-expiry", "soon"),
                        "sigmaflow.migration.plan-expiry: expected a positive duration such as 500ms or 1s, got 'soon'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refusesBadValuesNamingTheKey(Bad c) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PlacementJobConfig.from(c.keys()));
        assertTrue(e.getMessage().startsWith(c.message()), e.getMessage());
    }

    @Test
    void recordLimitNodeSizeAndSkippedRecordsAreSettings() {
        PlacementJobConfig d = PlacementJobConfig.from(Map.of("sigmaflow.kafka.topic-prefix", "x-"));
        assertEquals(1_047_552, d.recordLimit().maxBytes());
        assertEquals("x-sigma.dead-letters", d.recordLimit().deadLetterTopic());
        assertEquals(new io.sigmaflow.jobs.app.MaxNodeSize(4_096_000, 67_108_864), d.maxNode());
        assertEquals(d.maxNode(), d.settings().maxNode());
        assertTrue(d.skipRecords().positions().isEmpty());
        PlacementJobConfig c = PlacementJobConfig.from(Map.of("sigmaflow.kafka.max-record-bytes", "200000",
                "sigmaflow.job.max-node-cpu-millis", "64000", "sigmaflow.job.max-node-memory-mb", "262144",
                "sigmaflow.skip-records", "sigma.requests:0:17,sigma.pod-status:3:5"));
        assertEquals(200_000, c.recordLimit().maxBytes());
        assertEquals(new io.sigmaflow.jobs.app.MaxNodeSize(64_000, 262_144), c.maxNode());
        assertEquals(java.util.Set.of("sigma.requests:0:17", "sigma.pod-status:3:5"), c.skipRecords().positions());
        assertEquals("sigmaflow.kafka.max-record-bytes: expected an integer from 131072 to 2147483647, got '1000'",
                assertThrows(InvalidConfigException.class,
                        () -> PlacementJobConfig.from(Map.of("sigmaflow.kafka.max-record-bytes", "1000"))).getMessage());
        assertEquals("sigmaflow.skip-records: 'sigma.requests:17' is not TOPIC:PARTITION:OFFSET (e.g. sigma.requests:3:1042)",
                assertThrows(InvalidConfigException.class,
                        () -> PlacementJobConfig.from(Map.of("sigmaflow.skip-records", "sigma.requests:17"))).getMessage());
    }

    @Test
    void theKafkaConfigFileGivesTheJobsClientPropertiesAndAMissingOneNamesTheKey(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("job.properties");
        java.nio.file.Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=/etc/ca.p12\n");
        PlacementJobConfig c = PlacementJobConfig.from(Map.of(PlacementJobConfig.KAFKA_CONFIG_FILE, file.toString()));
        assertEquals(Map.of("security.protocol", "SSL", "ssl.truststore.location", "/etc/ca.p12"), c.kafkaClientProperties());
        assertEquals(Map.of(), PlacementJobConfig.from(Map.of()).kafkaClientProperties());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PlacementJobConfig.from(
                Map.of(PlacementJobConfig.KAFKA_CONFIG_FILE, dir.resolve("missing").toString())));
        assertTrue(e.getMessage().startsWith(PlacementJobConfig.KAFKA_CONFIG_FILE), e.getMessage());
    }

    @Test
    void hostSigningIsOffByDefaultAndOnNeedsAReadableMasterFile(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        assertFalse(PlacementJobConfig.from(Map.of()).hostSigning());
        java.nio.file.Path master = dir.resolve("master");
        java.nio.file.Files.writeString(master, "00112233445566778899aabbccddeeff\n");
        PlacementJobConfig on = PlacementJobConfig.from(Map.of(PlacementJobConfig.HOST_SIGNING, "true",
                PlacementJobConfig.HOST_SIGNING_MASTER_FILE, master.toString()));
        assertTrue(on.hostSigning());
        assertEquals(16, on.hostSigningMaster().length);
        assertFalse(PlacementJobConfig.from(Map.of(PlacementJobConfig.HOST_SIGNING_MASTER_FILE, master.toString()))
                .hostSigning(), "a master alone does not turn it on");
        assertEquals("sigmaflow.security.host-signing-master-file: required when sigmaflow.security.host-signing is true",
                assertThrows(InvalidConfigException.class, () -> PlacementJobConfig.from(
                        Map.of(PlacementJobConfig.HOST_SIGNING, "true"))).getMessage());
        assertEquals("sigmaflow.security.host-signing: expected true or false, got 'yes'",
                assertThrows(InvalidConfigException.class, () -> PlacementJobConfig.from(
                        Map.of(PlacementJobConfig.HOST_SIGNING, "yes"))).getMessage());
        java.nio.file.Files.writeString(master, "s3cret");
        String bad = assertThrows(InvalidConfigException.class, () -> PlacementJobConfig.from(Map.of(
                PlacementJobConfig.HOST_SIGNING, "true", PlacementJobConfig.HOST_SIGNING_MASTER_FILE, master.toString())))
                .getMessage();
        assertTrue(bad.startsWith(PlacementJobConfig.HOST_SIGNING_MASTER_FILE + ": " + master + ": not a key"), bad);
        assertFalse(bad.contains("s3cret"), bad);
    }
}
