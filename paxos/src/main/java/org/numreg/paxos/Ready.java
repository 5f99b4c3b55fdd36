package org.numreg.paxos;

import java.util.List;

/**
 * One batch of work a node hands its caller. The caller must, in this order:
 * <ol>
 *   <li>persist {@code promised} (when not null), {@code accepted} and {@code decided}, atomically
 *       and durably — nothing of this batch may leave the process before;</li>
 *   <li>send {@code messages};</li>
 *   <li>apply {@code decided} to its state machine, in slot order;</li>
 *   <li>fetch a snapshot for each of {@code snapshotsNeeded} (see {@link Node#installSnapshot});</li>
 *   <li>call {@link Node#advance(Ready)}.</li>
 * </ol>
 *
 * @param promised        the acceptor's new promise, or null if unchanged
 * @param accepted        values this acceptor accepted (slot, ballot, value), at most one a slot
 * @param messages        to send, after persisting
 * @param decided         newly decided slots, contiguous and in slot order
 * @param snapshotsNeeded peers that hold a snapshot this node needs, because the slots it lacks are
 *                        compacted everywhere it asked
 */
public record Ready(Ballot promised, List<AcceptedValue> accepted, List<Message> messages,
                    List<Decision> decided, List<SnapshotNeeded> snapshotsNeeded) {

    public Ready {
        accepted = List.copyOf(accepted);
        messages = List.copyOf(messages);
        decided = List.copyOf(decided);
        snapshotsNeeded = List.copyOf(snapshotsNeeded);
    }

    /** A value an acceptor accepted. */
    public record AcceptedValue(long slot, Ballot ballot, Value value) {
    }

    /** Peer {@code peer} holds a snapshot at {@code slot} or later. */
    public record SnapshotNeeded(int peer, long slot) {
    }

    public boolean isEmpty() {
        return promised == null && accepted.isEmpty() && messages.isEmpty() && decided.isEmpty()
                && snapshotsNeeded.isEmpty();
    }

    /** Whether something must be made durable before the messages leave. */
    public boolean mustPersist() {
        return promised != null || !accepted.isEmpty() || !decided.isEmpty();
    }
}
