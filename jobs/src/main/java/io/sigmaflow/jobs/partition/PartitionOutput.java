package io.sigmaflow.jobs.partition;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PriorityChange;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The node partitions' main output: what they write for hosts and executors, in the order they
 * emit it: BINDs and UNBINDs as they commit, node snapshots and priority changes at each barrier.
 * One stream, so one exactly-once Kafka sink chained to the partition writes all three topics in
 * one transaction per checkpoint (each record to its topic, with its key), where three sinks each
 * opened, prepared and committed their own.
 */
public final class PartitionOutput {
    /** A BIND/UNBIND (left), else a node snapshot (right's left) or a priority change (right's right). */
    public static final TypeInformation<Either<Placement, Either<NodeState, PriorityChange>>> TYPE =
            new EitherTypeInfo<>(FlinkKafka.typeInfo(Placement.class),
                    new EitherTypeInfo<>(FlinkKafka.typeInfo(NodeState.class), FlinkKafka.typeInfo(PriorityChange.class)));

    private PartitionOutput() {
    }

    public static Either<Placement, Either<NodeState, PriorityChange>> of(Placement placement) {
        return Either.Left(placement);
    }

    public static Either<Placement, Either<NodeState, PriorityChange>> of(NodeState state) {
        return Either.Right(Either.Left(state));
    }

    public static Either<Placement, Either<NodeState, PriorityChange>> of(PriorityChange change) {
        return Either.Right(Either.Right(change));
    }

    /** The BINDs and UNBINDs of {@code outputs}, in order. */
    public static List<Placement> placements(List<Either<Placement, Either<NodeState, PriorityChange>>> outputs) {
        List<Placement> out = new ArrayList<>();
        outputs.forEach(o -> new Placements().flatMap(o, collector(out)));
        return out;
    }

    /** The node snapshots of {@code outputs}, in order. */
    public static List<NodeState> nodeStates(List<Either<Placement, Either<NodeState, PriorityChange>>> outputs) {
        List<NodeState> out = new ArrayList<>();
        outputs.forEach(o -> new NodeStates().flatMap(o, collector(out)));
        return out;
    }

    /** The priority changes of {@code outputs}, in order. */
    public static List<PriorityChange> priorityChanges(List<Either<Placement, Either<NodeState, PriorityChange>>> outputs) {
        List<PriorityChange> out = new ArrayList<>();
        outputs.forEach(o -> new PriorityChanges().flatMap(o, collector(out)));
        return out;
    }

    private static <T> Collector<T> collector(List<T> into) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                into.add(record);
            }

            @Override
            public void close() {
            }
        };
    }

    /** The BINDs and UNBINDs. */
    public static final class Placements implements FlatMapFunction<Either<Placement, Either<NodeState, PriorityChange>>, Placement> {
        @Override
        public void flatMap(Either<Placement, Either<NodeState, PriorityChange>> o, Collector<Placement> out) {
            if (o.isLeft()) {
                out.collect(o.left());
            }
        }
    }

    /** The node snapshots. */
    public static final class NodeStates implements FlatMapFunction<Either<Placement, Either<NodeState, PriorityChange>>, NodeState> {
        @Override
        public void flatMap(Either<Placement, Either<NodeState, PriorityChange>> o, Collector<NodeState> out) {
            if (o.isRight() && o.right().isLeft()) {
                out.collect(o.right().left());
            }
        }
    }

    /** The priority changes. */
    public static final class PriorityChanges
            implements FlatMapFunction<Either<Placement, Either<NodeState, PriorityChange>>, PriorityChange> {
        @Override
        public void flatMap(Either<Placement, Either<NodeState, PriorityChange>> o, Collector<PriorityChange> out) {
            if (o.isRight() && o.right().isRight()) {
                out.collect(o.right().right());
            }
        }
    }
}
