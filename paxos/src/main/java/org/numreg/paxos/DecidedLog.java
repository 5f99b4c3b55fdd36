package org.numreg.paxos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What this node knows to be decided: a contiguous prefix (after the snapshot), plus slots
 * learned out of order. Tracks the membership the prefix implies and the decisions not yet
 * handed to the caller.
 */
final class DecidedLog {

    private final int activationDelay;
    private long snapshotSlot;
    private long decidedThrough;
    private final TreeMap<Long, Value> values = new TreeMap<>();
    private final TreeMap<Long, Value> ahead = new TreeMap<>();
    private Membership membership;
    private long deliveredThrough;
    private long maxTimestamp = Long.MIN_VALUE;

    DecidedLog(int activationDelay, long snapshotSlot, Membership membership,
               NavigableMap<Long, Value> decided, long deliveredThrough) {
        this.activationDelay = activationDelay;
        this.snapshotSlot = snapshotSlot;
        this.decidedThrough = snapshotSlot;
        this.membership = membership;
        this.deliveredThrough = Math.max(snapshotSlot, deliveredThrough);
        decided.forEach(this::decide);
    }

    long snapshotSlot() {
        return snapshotSlot;
    }

    long decidedThrough() {
        return decidedThrough;
    }

    Membership membership() {
        return membership;
    }

    Config configAt(long slot) {
        return membership.at(slot);
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    boolean isDecided(long slot) {
        return slot <= decidedThrough || ahead.containsKey(slot);
    }

    /** The decided value of a slot still held (not compacted), or null. */
    Value get(long slot) {
        Value value = values.get(slot);
        return value != null ? value : ahead.get(slot);
    }

    /** Decided slots above the prefix, learned out of order. */
    Map<Long, Value> aheadFrom(long slot) {
        return ahead.tailMap(slot, true);
    }

    /** The highest slot known decided, in the prefix or not. */
    long highestDecided() {
        return ahead.isEmpty() ? decidedThrough : Math.max(decidedThrough, ahead.lastKey());
    }

    /**
     * Records a decision. Returns whether it was new. Two different values for one slot would
     * break Paxos' safety: that is a bug, and it stops the node.
     */
    boolean decide(long slot, Value value) {
        if (slot <= snapshotSlot) {
            return false;
        }
        Value known = get(slot);
        if (known != null) {
            if (!known.equals(value)) {
                throw new IllegalStateException("safety violated: slot " + slot + " decided as " + known
                        + " and as " + value);
            }
            return false;
        }
        maxTimestamp = Math.max(maxTimestamp, Value.timestampOf(value));
        ahead.put(slot, value);
        extendPrefix();
        return true;
    }

    /** Moves decisions that continue the prefix into it, applying reconfigurations in slot order. */
    private void extendPrefix() {
        while (ahead.containsKey(decidedThrough + 1)) {
            long next = decidedThrough + 1;
            Value decided = ahead.remove(next);
            values.put(next, decided);
            decidedThrough = next;
            if (decided instanceof Value.Reconfigure reconfigure) {
                membership = membership.with(next + activationDelay, reconfigure.next());
            }
        }
    }

    /**
     * Decided values from {@code from}, contiguous: at most {@code max}, and no more once they
     * weigh {@code maxBytes} (at least one, however heavy).
     */
    List<Decision> range(long from, int max, long maxBytes) {
        List<Decision> decisions = new ArrayList<>();
        long bytes = 0;
        for (long slot = Math.max(from, snapshotSlot + 1);
             slot <= decidedThrough && decisions.size() < max && bytes < maxBytes; slot++) {
            Value value = values.get(slot);
            bytes += Value.sizeOf(value);
            decisions.add(new Decision(slot, value));
        }
        return decisions;
    }

    /** The contiguous decisions not handed to the caller yet. */
    List<Decision> takeUndelivered() {
        List<Decision> decisions = range(deliveredThrough + 1, Integer.MAX_VALUE, Long.MAX_VALUE);
        deliveredThrough = decidedThrough;
        return decisions;
    }

    long deliveredThrough() {
        return deliveredThrough;
    }

    /** Drops the values up to {@code slot}: the caller's snapshot holds them now. */
    Membership compact(long slot) {
        if (slot > deliveredThrough) {
            throw new IllegalArgumentException("cannot compact through " + slot + ": only " + deliveredThrough
                    + " handed to the caller");
        }
        if (slot > snapshotSlot) {
            values.headMap(slot, true).clear();
            snapshotSlot = slot;
        }
        return membership.from(snapshotSlot);
    }

    /** Replaces everything up to {@code slot} with the caller's snapshot of it. */
    void installSnapshot(long slot, Membership snapshotMembership) {
        if (slot <= decidedThrough) {
            return;
        }
        values.clear();
        ahead.headMap(slot, true).clear();
        snapshotSlot = slot;
        decidedThrough = slot;
        deliveredThrough = slot;
        membership = snapshotMembership;
        extendPrefix();
    }
}
