package org.numreg.paxos;

import java.util.HashMap;
import java.util.Map;

/**
 * The slots peers are reading from this node's log (LEARN requests, snapshots sent to them), so
 * that compaction can spare them: a registrar that installs a snapshot and then learns the slots
 * after it would otherwise chase a log compacted faster than it can read it. A hold lasts while
 * its reader advances; one that stops advancing stops holding once the caller's hold time passed,
 * so the log stays bounded.
 */
final class LogReaders {

    private record Reading(long fromSlot, long since) {
    }

    private final Map<Integer, Reading> readings = new HashMap<>();

    /** {@code peer} asked for the slots from {@code fromSlot} at tick {@code now}. */
    void asked(int peer, long fromSlot, long now) {
        Reading previous = readings.get(peer);
        if (previous == null || fromSlot > previous.fromSlot()) {
            readings.put(peer, new Reading(fromSlot, now));
        }
    }

    /** {@code peer} will ask for the slots from {@code fromSlot} (it is receiving a snapshot of those before). */
    void hold(int peer, long fromSlot, long now) {
        readings.put(peer, new Reading(fromSlot, now));
    }

    /**
     * The lowest slot a peer has been reading since tick {@code since}; {@link Long#MAX_VALUE} if
     * none. Readings from before {@code since} are forgotten.
     */
    long lowestReadSince(long since) {
        readings.values().removeIf(r -> r.since() < since);
        return readings.values().stream().mapToLong(Reading::fromSlot).min().orElse(Long.MAX_VALUE);
    }
}
