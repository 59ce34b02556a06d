package io.sigmaflow.jobs.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sigmaflow.connectors.flink.KafkaBytes;
import io.sigmaflow.connectors.security.HostSignatures;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The job's check of signed host reports: the right key passes; anything else is refused, naming the node. */
class HostSignatureCheckTest {
    private static final byte[] MASTER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String TOPIC = "t.sigma.pod-status";
    private static final PodStatus STATUS = new PodStatus("node-2", "web-0", "web", 3L, PodState.FAILED, 137, "oom", 1L);

    private static KafkaBytes raw(String topic, String key, byte[] value, String signedBy) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        KafkaBytes raw = new KafkaBytes(topic, 0, 7, 1L, k, value);
        raw.signature = signedBy == null ? null : HostSignatures.sign(HostSignatures.nodeKey(MASTER, signedBy), topic, k, value);
        return raw;
    }

    private static byte[] value(PodStatus status) {
        return AvroCodec.of(PodStatus.class).encode(status);
    }

    @Test
    void aRecordSignedWithItsOwnNodesKeyPasses() throws Exception {
        HostSignatureCheck<PodStatus> check = HostSignatureCheck.podStatus(MASTER);
        assertNull(check.problem(raw(TOPIC, "node-2", value(STATUS), "node-2"), STATUS));
        // It travels in the job graph: still works after Java serialization (the Mac cache is rebuilt).
        HostSignatureCheck<PodStatus> copy = InstantiationUtil.clone(check);
        assertNull(copy.problem(raw(TOPIC, "node-2", value(STATUS), "node-2"), STATUS));
        assertEquals("HostSignatureCheck[pod status, master hidden]", copy.toString());
    }

    @Test
    void anotherNodesKeyATamperedValueKeyOrTopicOrNoHeaderIsRefused() {
        HostSignatureCheck<PodStatus> check = HostSignatureCheck.podStatus(MASTER);
        String invalid = "pod status for node node-2 has no valid host signature (not signed with node node-2's key,"
                + " or altered after signing; host signing is on)";
        assertEquals(invalid, check.problem(raw(TOPIC, "node-2", value(STATUS), "node-1"), STATUS), "node-1's key");

        KafkaBytes tampered = raw(TOPIC, "node-2", value(STATUS), "node-2");
        PodStatus running = PodStatus.newBuilder(STATUS).setState(PodState.RUNNING).build();
        tampered.value = value(running);
        assertEquals(invalid, check.problem(tampered, running), "value changed after signing");

        KafkaBytes rekeyed = raw(TOPIC, "node-2", value(STATUS), "node-2");
        rekeyed.key = "node-1".getBytes(StandardCharsets.UTF_8);
        assertEquals(invalid, check.problem(rekeyed, STATUS), "key changed after signing");

        KafkaBytes moved = raw("t.sigma.inventory", "node-2", value(STATUS), "node-2");
        moved.topic = TOPIC;
        assertEquals(invalid, check.problem(moved, STATUS), "signed for another topic");

        assertEquals("pod status for node node-2 has no host signature (header sigma-sig missing; host signing is on)",
                check.problem(raw(TOPIC, "node-2", value(STATUS), null), STATUS));

        byte[] otherMaster = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        KafkaBytes otherJob = raw(TOPIC, "node-2", value(STATUS), null);
        otherJob.signature = HostSignatures.sign(HostSignatures.nodeKey(otherMaster, "node-2"), TOPIC,
                otherJob.key, otherJob.value);
        assertEquals(invalid, check.problem(otherJob, STATUS), "another master");
    }

    @Test
    void inventoryIsCheckedAgainstTheNodeItNames() {
        NodeInventory empty = new NodeInventory("node-2", List.of(), 1L);
        byte[] value = AvroCodec.of(NodeInventory.class).encode(empty);
        HostSignatureCheck<NodeInventory> check = HostSignatureCheck.inventory(MASTER);
        assertNull(check.problem(raw("t.sigma.inventory", "node-2", value, "node-2"), empty));
        assertEquals("inventory for node node-2 has no valid host signature (not signed with node node-2's key,"
                + " or altered after signing; host signing is on)",
                check.problem(raw("t.sigma.inventory", "node-2", value, "node-1"), empty));
    }
}
