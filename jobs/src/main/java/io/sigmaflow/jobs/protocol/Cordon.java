package io.sigmaflow.jobs.protocol;

import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.Taint;
import io.sigmaflow.schema.TaintEffect;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator's cordon ({@code ./sigma node cordon}): the node takes no new pods, those it runs
 * stay. It travels and is kept as a taint, as Kubernetes marks a cordoned node with
 * {@code node.kubernetes.io/unschedulable:NoSchedule}: an UPDATE carrying the node's labels and
 * taints plus {@link #TAINT} cordons, one without it uncordons. So every reader, old ones included,
 * already honours it through {@code TaintToleration}, and the router's summaries count a cordoned
 * node as tainted. What the job adds (docs/decisions.md): the node directory keeps a node's cordon
 * across its executor's REGISTERs (an executor does not know of cordons), and a DRAIN of a cordoned
 * node only moves its pods away: the cordon, not the DRAINING condition, keeps new pods off, so an
 * uncordon makes the node schedulable again; the routers' view of the node ignores such a DRAIN too.
 */
public final class Cordon {
    /** The cordon's taint key (a pod tolerating it may still land there, like a Kubernetes DaemonSet). */
    public static final String KEY = "node.sigmaflow.io/unschedulable";
    public static final Taint TAINT = new Taint(KEY, null, TaintEffect.NO_SCHEDULE);

    private Cordon() {}

    /** True when {@code taints} (wire records) hold the cordon. */
    public static boolean isCordoned(List<Taint> taints) {
        return taints.stream().anyMatch(t -> KEY.equals(t.getKey()));
    }

    /** True when the placer's model taints hold the cordon. */
    public static boolean holds(List<io.sigmaflow.placement.model.Taint> taints) {
        return taints.stream().anyMatch(t -> KEY.equals(t.key()));
    }

    /** {@code taints} with the cordon set ({@code cordoned}) or lifted; other taints unchanged, in order. */
    public static List<Taint> taints(List<Taint> taints, boolean cordoned) {
        List<Taint> out = new ArrayList<>();
        for (Taint t : taints) {
            if (!KEY.equals(t.getKey())) {
                out.add(t);
            }
        }
        if (cordoned) {
            out.add(Taint.newBuilder(TAINT).build());
        }
        return out;
    }

    /** {@code event} with the cordon set, for an executor's REGISTER of a cordoned node. */
    public static NodeEvent keep(NodeEvent event) {
        return isCordoned(event.getTaints()) ? event
                : NodeEvent.newBuilder(event).setTaints(taints(event.getTaints(), true)).build();
    }
}
