package org.numreg.paxos;

import java.util.List;

/**
 * What nodes tell each other. Every message names its sender and receiver; the caller delivers
 * it to the receiver's {@link Node#step(Message)} (in any order, any number of times, or not at
 * all: the protocol tolerates loss, duplication and reordering).
 *
 * <p>{@code sentAt} fields carry the sender's tick when it sent the message; the receiver echoes
 * it so the leader knows from when an acceptor's leadership window runs.
 */
public sealed interface Message {

    int from();

    int to();

    /** Phase 1a: "promise me every slot from {@code fromSlot} on, and grant me the window". */
    record Prepare(int from, int to, Ballot ballot, long fromSlot, long sentAt) implements Message {
    }

    /**
     * Before phase 1, a trial that changes nothing: "would you promise {@code ballot} for every
     * slot from {@code fromSlot} on, now?" Answered by a {@link WouldPromise} or a {@link Reject}.
     */
    record Probe(int from, int to, Ballot ballot, long fromSlot) implements Message {
    }

    /** "I would promise {@code ballot} now" (nothing promised yet). */
    record WouldPromise(int from, int to, Ballot ballot) implements Message {
    }

    /**
     * Phase 1b: the acceptor promised {@code ballot}; it reports what it knows of every slot from
     * the prepare's {@code fromSlot} on: decided values, and values it accepted (with their ballots).
     */
    record Promise(int from, int to, Ballot ballot, long sentAt, long decidedThrough,
                   List<SlotReport> slots) implements Message {
        public Promise {
            slots = List.copyOf(slots);
        }
    }

    /** One slot in a promise: {@code ballot} is null when the value is known to be decided. */
    record SlotReport(long slot, Ballot ballot, Value value) {
        public boolean decided() {
            return ballot == null;
        }
    }

    /** Why an acceptor refused a PREPARE, ACCEPT or COMMIT. */
    enum Refusal {
        /** It promised a higher ballot: {@code promised}. */
        OUTDATED,
        /** It granted another ballot's leadership window, which has not expired. */
        WINDOW_HELD,
        /** The proposer lags behind what this node has decided (up to {@code hint}): learn first. */
        BEHIND
    }

    record Reject(int from, int to, Ballot ballot, Refusal refusal, Ballot promised, long hint)
            implements Message {
    }

    /** Phase 2a: "accept this value for this slot in my ballot". */
    record Accept(int from, int to, Ballot ballot, long slot, Value value, long sentAt) implements Message {
    }

    /** Phase 2b. */
    record Accepted(int from, int to, Ballot ballot, long slot, long sentAt, long decidedThrough)
            implements Message {
    }

    /**
     * The leader's heartbeat and decision announcement: every slot up to {@code decidedThrough}
     * is decided; a slot whose accepted ballot is {@code ballot} holds the decided value.
     */
    record Commit(int from, int to, Ballot ballot, long decidedThrough, long sentAt) implements Message {
    }

    record CommitAck(int from, int to, Ballot ballot, long sentAt, long decidedThrough) implements Message {
    }

    /** "Send me the decided values from this slot on." */
    record LearnRequest(int from, int to, long fromSlot) implements Message {
    }

    /** Decided values, and the leader the sender knows (0: none), for nodes that hear no COMMIT. */
    record Learn(int from, int to, List<Decision> decisions, long decidedThrough, int leader) implements Message {
        public Learn {
            decisions = List.copyOf(decisions);
        }
    }

    /** "What you asked for is compacted: install my snapshot (at {@code snapshotSlot}) first." */
    record SnapshotNeeded(int from, int to, long snapshotSlot) implements Message {
    }

    /** A follower hands its callers' proposals and reconfiguration requests to the leader it knows. */
    record Forward(int from, int to, List<Proposal> proposals, List<Reconfiguration> reconfigurations)
            implements Message {
        public Forward {
            proposals = List.copyOf(proposals);
            reconfigurations = List.copyOf(reconfigurations);
        }
    }
}
