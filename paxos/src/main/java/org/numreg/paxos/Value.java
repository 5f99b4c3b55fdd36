package org.numreg.paxos;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What one slot of the log holds. */
public sealed interface Value {

    /**
     * Proposals decided together in one slot.
     *
     * @param timestamp the leader's clock when it formed the batch (as its caller passed it to
     *                  {@link Node#tick(long)}), never lower than what that leader knew decided or
     *                  in flight. A value re-proposed after a leader change keeps its stamp, so a
     *                  later slot can carry a lower one: a commit time must be the running maximum.
     */
    record Batch(long timestamp, List<Proposal> proposals) implements Value {
        public Batch {
            proposals = List.copyOf(proposals);
            if (proposals.isEmpty()) {
                throw new IllegalArgumentException("empty batch");
            }
        }
    }

    /** What a new leader puts into a slot nobody has a value for, so that the log has no gaps. */
    record Noop() implements Value {
    }

    /**
     * A change of membership, effective {@link Options#maxInflight()} slots after the slot that
     * holds it.
     *
     * @param cause the caller's proposal that asked for it, or null when the leader made it
     *              (promoting a learner that has caught up)
     */
    record Reconfigure(long timestamp, Config next, Proposal cause) implements Value {
        public Reconfigure {
            Objects.requireNonNull(next, "next");
        }
    }

    Noop NOOP = new Noop();

    /** The bytes of the callers' proposals it carries: what a message holding it mostly weighs. */
    static long sizeOf(Value value) {
        return switch (value) {
            case Batch b -> b.proposals().stream().mapToLong(Proposal::weight).sum();
            case Reconfigure r -> r.cause() == null ? 0 : r.cause().weight();
            case Noop n -> 0;
        };
    }

    /** The timestamp of a value that has one; Long.MIN_VALUE for a no-op. */
    static long timestampOf(Value value) {
        return switch (value) {
            case Batch b -> b.timestamp();
            case Reconfigure r -> r.timestamp();
            case Noop n -> Long.MIN_VALUE;
        };
    }

    /** The ids of the callers' proposals it carries. */
    static Set<String> proposalIds(Value value) {
        return switch (value) {
            case Batch b -> {
                Set<String> ids = new HashSet<>();
                b.proposals().forEach(p -> ids.add(p.id()));
                yield ids;
            }
            case Reconfigure r -> r.cause() == null ? Set.of() : Set.of(r.cause().id());
            case Noop n -> Set.of();
        };
    }
}
