package org.numreg.paxos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A leader's work in its ballot, phase 2 only: proposals waiting, the slots in flight and who
 * accepted them, the heartbeat, and the leadership window a quorum granted. {@link Node} creates
 * it when it wins a campaign and drops it when it steps down.
 */
final class Leadership {

    /** A slot proposed in this ballot and not yet known decided. */
    private static final class InFlight {
        final Value value;
        final Set<Integer> acceptedBy = new HashSet<>();

        InFlight(Value value) {
            this.value = value;
        }
    }

    private final int self;
    private final Options options;
    private final DecidedLog log;
    private final Quorums quorums;
    private final Consumer<Message> send;
    private final Ballot ballot;
    private final Set<Integer> promisedBy;
    private final RecentIds recentlyDecided;
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    private final ArrayDeque<Proposal> queue = new ArrayDeque<>();
    private final ArrayDeque<Reconfiguration> reconfigurations = new ArrayDeque<>();
    private final Set<String> waitingIds = new HashSet<>();
    /** Per node, the highest sentAt of this leader's messages it acknowledged. */
    private final Map<Integer, Long> acknowledgedSentAt = new HashMap<>();
    /** Per node, the highest slot it reported decided. */
    private final Map<Integer, Long> progress = new HashMap<>();
    private long nextSlot;
    private long lastStamp;
    private long lastHeartbeat = Long.MIN_VALUE;
    private long announcedThrough;

    /**
     * Takes over the slots {@code won} found: values reported by the promises are proposed again
     * in this ballot, the holes with no-ops. Every other promiser granted the window from the
     * campaign's sentAt on; the leader's own acceptor grants it only from the first heartbeat.
     */
    Leadership(Options options, Candidacy won, DecidedLog log, Quorums quorums, RecentIds recentlyDecided,
               Consumer<Message> send, long now, long clock) {
        this.self = options.id();
        this.options = options;
        this.log = log;
        this.quorums = quorums;
        this.send = send;
        this.ballot = won.ballot;
        this.promisedBy = new LinkedHashSet<>(won.promisedBy());
        this.recentlyDecided = recentlyDecided;
        promisedBy.stream().filter(node -> node != self).forEach(node -> acknowledgedSentAt.put(node, won.sentAt));
        lastStamp = Math.max(clock, log.maxTimestamp());
        long maxSlot = won.maxSlot(log);
        for (long slot = won.fromSlot; slot <= maxSlot; slot++) {
            if (!log.isDecided(slot)) {
                Value value = won.adopted(slot);
                lastStamp = Math.max(lastStamp, Value.timestampOf(value));
                proposeSlot(slot, value, now);
            }
        }
        nextSlot = maxSlot + 1;
    }

    Ballot ballot() {
        return ballot;
    }

    /** Queues a proposal unless it is already waiting, in flight or decided lately. */
    void enqueue(Proposal proposal) {
        if (recentlyDecided.contains(proposal.id()) || !waitingIds.add(proposal.id())) {
            return;
        }
        queue.add(proposal);
    }

    void enqueue(Reconfiguration reconfiguration) {
        String id = reconfiguration.cause().id();
        if (recentlyDecided.contains(id) || !waitingIds.add(id)) {
            return;
        }
        reconfigurations.add(reconfiguration);
    }

    boolean heartbeatDue(long now) {
        return now - lastHeartbeat >= options.heartbeatTicks();
    }

    /** Announces the leader and what is decided; sends again the ACCEPTs voters have not answered. */
    void heartbeat(long now) {
        lastHeartbeat = now;
        announcedThrough = log.decidedThrough();
        announce(now);
        inFlight.forEach((slot, value) -> {
            for (int voter : quorums.voters(slot)) {
                if (!value.acceptedBy.contains(voter)) {
                    send.accept(new Message.Accept(self, voter, ballot, slot, value.value, now));
                }
            }
        });
    }

    /** Announces decisions made since the last announcement (at once, not at the next heartbeat). */
    boolean announceNewDecisions(long now) {
        if (log.decidedThrough() <= announcedThrough) {
            return false;
        }
        announcedThrough = log.decidedThrough();
        announce(now);
        return true;
    }

    private void announce(long now) {
        for (int member : quorums.members()) {
            send.accept(new Message.Commit(self, member, ballot, log.decidedThrough(), now));
        }
    }

    /** Proposes queued values while the pipeline has room and the next slot's voters have promised. */
    void fillPipeline(long now, long clock) {
        while (nextSlot <= log.decidedThrough() + options.maxInflight()) {
            long slot = nextSlot;
            if (!quorums.isQuorum(slot, promisedBy)) {
                // A reconfiguration brought voters that never promised this ballot: phase 1 with them first.
                for (int voter : quorums.voters(slot)) {
                    if (!promisedBy.contains(voter)) {
                        send.accept(new Message.Prepare(self, voter, ballot, slot, now));
                    }
                }
                return;
            }
            Value value = nextValue(slot, clock);
            if (value == null) {
                return;
            }
            nextSlot++;
            proposeSlot(slot, value, now);
        }
    }

    /** A reconfiguration when one may go now, else a batch of queued proposals, else null. */
    private Value nextValue(long slot, long clock) {
        // One change at a time, proposed from an empty pipeline: every earlier slot is decided, so
        // the change is made against the latest configuration and differs from it by one node.
        boolean mayReconfigure = inFlight.isEmpty() && log.decidedThrough() == slot - 1;
        Config latest = log.membership().latest();
        if (mayReconfigure) {
            for (int learner : latest.learners()) {
                // Only a learner that has answered counts as caught up: one never heard of is not,
                // however short the log (promoting it would make a silent node a voter).
                Long learned = progress.get(learner);
                if (learned != null && learned >= log.decidedThrough() - options.maxInflight()) {
                    return new Value.Reconfigure(stamp(clock), latest.promoting(learner), null);
                }
            }
            Reconfiguration requested = reconfigurations.poll();
            if (requested != null) {
                Config next = requested.applyTo(latest);
                return next != null ? new Value.Reconfigure(stamp(clock), next, requested.cause())
                        : new Value.Batch(stamp(clock), List.of(requested.cause()));
            }
        }
        List<Proposal> batch = takeBatch();
        return batch.isEmpty() ? null : new Value.Batch(stamp(clock), batch);
    }

    /**
     * Takes queued proposals for one slot, skipping any decided meanwhile: at most maxBatch, and
     * no more once they weigh maxValueBytes (at least one).
     */
    private List<Proposal> takeBatch() {
        List<Proposal> batch = new ArrayList<>(Math.min(options.maxBatch(), queue.size()));
        long bytes = 0;
        while (batch.size() < options.maxBatch() && bytes < options.maxValueBytes() && !queue.isEmpty()) {
            Proposal next = queue.poll();
            if (!recentlyDecided.contains(next.id())) {
                batch.add(next);
                bytes += next.weight();
            }
        }
        return batch;
    }

    /** Batch time stamps never go back, whatever the clock does. */
    private long stamp(long clock) {
        lastStamp = Math.max(lastStamp, clock);
        return lastStamp;
    }

    private void proposeSlot(long slot, Value value, long now) {
        inFlight.put(slot, new InFlight(value));
        for (int voter : quorums.voters(slot)) {
            send.accept(new Message.Accept(self, voter, ballot, slot, value, now));
        }
    }

    /** The value {@code m} decides, if this acceptance completes a quorum for its slot. */
    Optional<Value> accepted(Message.Accepted m) {
        acknowledged(m.from(), m.sentAt(), m.decidedThrough());
        InFlight slot = inFlight.get(m.slot());
        if (slot == null) {
            return Optional.empty();
        }
        slot.acceptedBy.add(m.from());
        return quorums.isQuorum(m.slot(), slot.acceptedBy) ? Optional.of(slot.value) : Optional.empty();
    }

    /** A node acknowledged a message sent at {@code sentAt} and has decided through {@code decidedThrough}. */
    void acknowledged(int node, long sentAt, long decidedThrough) {
        acknowledgedSentAt.merge(node, sentAt, Math::max);
        progress.put(node, decidedThrough);
    }

    /** A voter of a configuration that governs later slots promised late (see fillPipeline). */
    void promisedLate(Message.Promise m) {
        promisedBy.add(m.from());
        acknowledgedSentAt.merge(m.from(), m.sentAt(), Math::max);
    }

    /** {@code slot} is decided, with the proposals {@code ids}: they need no slot of this leader's. */
    void decided(long slot, Set<String> ids) {
        inFlight.remove(slot);
        if (ids.isEmpty()) {
            return;
        }
        // Queued duplicates are skipped when taken (takeBatch); the queue is not searched here.
        waitingIds.removeAll(ids);
        reconfigurations.removeIf(r -> ids.contains(r.cause().id()));
    }

    /**
     * The last tick at which this leader may believe it holds the window in every configuration
     * governing the next slot: in each, a quorum acknowledged messages sent at or after some tick
     * t, and each of them renewed the window it grants until (its receive tick ≥ t) + window. One
     * tick of margin.
     */
    long windowEnd() {
        long end = Long.MAX_VALUE;
        for (Config config : quorums.governing(log.decidedThrough() + 1)) {
            List<Long> sentAts = config.voters().stream()
                    .map(node -> acknowledgedSentAt.getOrDefault(node, Long.MIN_VALUE / 2))
                    .sorted(Comparator.reverseOrder())
                    .toList();
            end = Math.min(end, sentAts.get(config.quorum() - 1) + options.windowTicks() - 1);
        }
        return end;
    }
}
