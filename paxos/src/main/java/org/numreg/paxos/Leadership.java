package org.numreg.paxos;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A leader's state for its ballot: slots in flight, proposals waiting, and its window. */
final class Leadership {

    /** A slot proposed in this ballot and not yet known decided. */
    static final class InFlight {
        final Value value;
        final Set<Integer> acceptedBy = new HashSet<>();

        InFlight(Value value) {
            this.value = value;
        }
    }

    final Ballot ballot;
    final Set<Integer> promisedBy;
    long nextSlot;
    long lastStamp;
    long lastHeartbeat = Long.MIN_VALUE;
    long announcedThrough;
    long leaseEnd;
    final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    final ArrayDeque<Proposal> queue = new ArrayDeque<>();
    final ArrayDeque<Reconfiguration> reconfigurations = new ArrayDeque<>();
    private final Set<String> waitingIds = new HashSet<>();
    private final RecentIds recentlyDecided;
    /** Per node, the highest sentAt of this leader's messages it acknowledged. */
    private final Map<Integer, Long> acknowledgedSentAt = new HashMap<>();
    final Map<Integer, Long> progress = new HashMap<>();

    /**
     * Every other promiser granted the window from {@code promisedSentAt} on; the leader's own
     * acceptor grants it only from the leader's first heartbeat.
     */
    Leadership(int self, Ballot ballot, Set<Integer> promisedBy, long promisedSentAt, RecentIds recentlyDecided) {
        this.ballot = ballot;
        this.promisedBy = new LinkedHashSet<>(promisedBy);
        this.recentlyDecided = recentlyDecided;
        promisedBy.stream().filter(node -> node != self).forEach(node -> acknowledgedSentAt.put(node, promisedSentAt));
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

    /**
     * Takes queued proposals for one slot, skipping any decided meanwhile: at most {@code max},
     * and no more once they weigh {@code maxBytes} (at least one).
     */
    List<Proposal> takeBatch(int max, long maxBytes) {
        List<Proposal> batch = new java.util.ArrayList<>(Math.min(max, queue.size()));
        long bytes = 0;
        while (batch.size() < max && bytes < maxBytes && !queue.isEmpty()) {
            Proposal next = queue.poll();
            if (!recentlyDecided.contains(next.id())) {
                batch.add(next);
                bytes += next.weight();
            }
        }
        return batch;
    }

    void decidedAll(Set<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        // Queued duplicates are skipped when taken (takeBatch); the queue is not searched here.
        waitingIds.removeAll(ids);
        reconfigurations.removeIf(r -> ids.contains(r.cause().id()));
    }

    void acknowledged(int node, long sentAt) {
        acknowledgedSentAt.merge(node, sentAt, Math::max);
    }

    /**
     * The last tick at which this leader may believe it holds the window in {@code config}: a
     * quorum acknowledged messages sent at or after some tick t, and each of them renewed the
     * window it grants until (its receive tick ≥ t) + window. One tick of margin.
     */
    long windowEnd(Config config, int windowTicks) {
        List<Long> sentAts = config.voters().stream()
                .map(node -> acknowledgedSentAt.getOrDefault(node, Long.MIN_VALUE / 2))
                .sorted(java.util.Comparator.reverseOrder())
                .toList();
        return sentAts.get(config.quorum() - 1) + windowTicks - 1;
    }
}
