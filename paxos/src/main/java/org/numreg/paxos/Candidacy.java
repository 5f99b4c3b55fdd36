package org.numreg.paxos;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Phase 1 of one campaign: the promises gathered for a ballot that covers every slot from the
 * candidate's first undecided one on, and what they imply for each slot.
 */
final class Candidacy {

    final Ballot ballot;
    final long fromSlot;
    final long sentAt;
    final Set<Integer> prepared = new HashSet<>();
    private final Set<Integer> promisedBy = new LinkedHashSet<>();
    /** Per slot, the highest-ballot value any promise reported as accepted. */
    private final TreeMap<Long, Message.SlotReport> highest = new TreeMap<>();

    Candidacy(Ballot ballot, long fromSlot, long sentAt) {
        this.ballot = ballot;
        this.fromSlot = fromSlot;
        this.sentAt = sentAt;
    }

    /** Records a promise; the decided slots it reports are for the caller to learn. */
    void add(Message.Promise promise) {
        promisedBy.add(promise.from());
        for (Message.SlotReport report : promise.slots()) {
            if (report.decided()) {
                continue;
            }
            Message.SlotReport known = highest.get(report.slot());
            if (known == null || report.ballot().isAbove(known.ballot())) {
                highest.put(report.slot(), report);
            }
        }
    }

    Set<Integer> promisedBy() {
        return promisedBy;
    }

    /** The highest slot any promise reported a value for, or fromSlot - 1. */
    long maxSlot(DecidedLog log) {
        long max = highest.isEmpty() ? fromSlot - 1 : highest.lastKey();
        return Math.max(max, log.highestDecided());
    }

    /** What the new leader must propose in {@code slot} (not decided): the highest-ballot value, or a no-op. */
    Value adopted(long slot) {
        Message.SlotReport report = highest.get(slot);
        return report != null ? report.value() : Value.NOOP;
    }

    /**
     * The configurations whose quorums must have promised: those of every slot from fromSlot to
     * maxSlot + delay, given the values this campaign would decide (a reconfiguration among them
     * governs later slots).
     */
    Map<Long, Config> configsToSatisfy(DecidedLog log, int delay) {
        Membership membership = log.membership();
        long max = maxSlot(log);
        for (long slot = log.decidedThrough() + 1; slot <= max; slot++) {
            Value value = log.isDecided(slot) ? log.get(slot) : adopted(slot);
            if (value instanceof Value.Reconfigure reconfigure) {
                membership = membership.with(slot + delay, reconfigure.next());
            }
        }
        Map<Long, Config> configs = new HashMap<>();
        configs.put(fromSlot, membership.at(fromSlot));
        membership.asMap().subMap(fromSlot, false, max + delay, true).forEach(configs::put);
        return configs;
    }

    boolean complete(DecidedLog log, int delay) {
        return configsToSatisfy(log, delay).values().stream().allMatch(c -> c.isQuorum(promisedBy));
    }
}
