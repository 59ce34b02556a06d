package io.sigmaflow.jobs.security;

import io.sigmaflow.connectors.flink.KafkaBytes;
import io.sigmaflow.connectors.flink.SignatureCheck;
import io.sigmaflow.connectors.security.HostSignatures;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodStatus;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;

/**
 * The job's side of signed host reports ({@link HostSignatures}): a pod status, inventory or node
 * event must carry the signature of the node it names, made with that node's key, derived here from
 * the master. So a record for node-2 signed with node-1's key, altered after signing, or unsigned is
 * refused with a reason naming the node and "signature".
 *
 * <p>Cheap per record: one keyed Mac per node, derived once and reused (a decode operator instance
 * runs on one thread; each instance has its own cache). The cache is bounded: a forger naming
 * endless node ids only makes it start over.
 */
public final class HostSignatureCheck<T> implements SignatureCheck<T> {
    private static final int MAX_CACHED_NODES = 100_000;

    private final byte[] master;
    private final String what;
    private final SerializableNode<T> nodeOf;
    private transient Map<String, Mac> macs;

    /** The node a record speaks for. */
    @FunctionalInterface
    public interface SerializableNode<T> extends Function<T, String>, java.io.Serializable {}

    private HostSignatureCheck(byte[] master, String what, SerializableNode<T> nodeOf) {
        this.master = Arrays.copyOf(master, master.length);
        this.what = what;
        this.nodeOf = nodeOf;
    }

    public static HostSignatureCheck<PodStatus> podStatus(byte[] master) {
        return new HostSignatureCheck<>(master, "pod status", PodStatus::getNodeId);
    }

    public static HostSignatureCheck<NodeInventory> inventory(byte[] master) {
        return new HostSignatureCheck<>(master, "inventory", NodeInventory::getNodeId);
    }

    public static HostSignatureCheck<NodeEvent> nodeEvents(byte[] master) {
        return new HostSignatureCheck<>(master, "node event", NodeEvent::getNodeId);
    }

    @Override
    public String problem(KafkaBytes raw, T record) {
        String node = nodeOf.apply(record);
        if (raw.signature == null) {
            return what + " for node " + node + " has no host signature (header " + HostSignatures.HEADER
                    + " missing; host signing is on)";
        }
        if (!HostSignatures.verify(mac(node), raw.topic, raw.key, raw.value, raw.signature)) {
            return what + " for node " + node + " has no valid host signature (not signed with node " + node
                    + "'s key, or altered after signing; host signing is on)";
        }
        return null;
    }

    private Mac mac(String node) {
        if (macs == null || macs.size() >= MAX_CACHED_NODES) {
            macs = new HashMap<>();
        }
        return macs.computeIfAbsent(node, n -> HostSignatures.hmac(HostSignatures.nodeKey(master, n)));
    }

    @Override
    public String toString() {
        return "HostSignatureCheck[" + what + ", master hidden]";
    }
}
