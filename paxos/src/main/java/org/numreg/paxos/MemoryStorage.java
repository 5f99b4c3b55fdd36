package org.numreg.paxos;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link Storage} in memory: what the simulator keeps of a node across a simulated crash, and
 * the reference for what a durable implementation must do with each {@link Ready}.
 */
public final class MemoryStorage implements Storage {

    private Ballot promised = Ballot.ZERO;
    private final TreeMap<Long, Ready.AcceptedValue> accepted = new TreeMap<>();
    private final TreeMap<Long, Value> decided = new TreeMap<>();
    private long snapshotSlot;
    private Membership snapshotMembership;

    public MemoryStorage(Membership initial) {
        this.snapshotMembership = initial;
    }

    /** Persists a Ready's durable part: the promise, accepted values and decisions. */
    public void save(Ready ready) {
        if (ready.promised() != null) {
            if (ready.promised().isBelow(promised)) {
                throw new IllegalStateException("promise going back from " + promised + " to " + ready.promised());
            }
            promised = ready.promised();
        }
        for (Ready.AcceptedValue value : ready.accepted()) {
            if (value.slot() > snapshotSlot && !decided.containsKey(value.slot())) {
                accepted.put(value.slot(), value);
            }
        }
        for (Decision decision : ready.decided()) {
            if (decision.slot() > snapshotSlot) {
                decided.put(decision.slot(), decision.value());
                accepted.remove(decision.slot());
            }
        }
    }

    /** The caller's snapshot holds every slot up to {@code slot} (its own, or one it installed). */
    public void snapshot(long slot, Membership membership) {
        if (slot <= snapshotSlot) {
            return;
        }
        snapshotSlot = slot;
        snapshotMembership = membership;
        decided.headMap(slot, true).clear();
        accepted.headMap(slot, true).clear();
    }

    @Override
    public Ballot promised() {
        return promised;
    }

    @Override
    public NavigableMap<Long, Ready.AcceptedValue> accepted() {
        return Collections.unmodifiableNavigableMap(accepted);
    }

    @Override
    public long snapshotSlot() {
        return snapshotSlot;
    }

    @Override
    public Membership snapshotMembership() {
        return snapshotMembership;
    }

    @Override
    public NavigableMap<Long, Value> decided() {
        return Collections.unmodifiableNavigableMap(decided);
    }
}
