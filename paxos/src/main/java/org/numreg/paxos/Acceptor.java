package org.numreg.paxos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The acceptor's side of Paxos: the highest ballot promised, the values accepted, and the
 * leadership window granted to the ballot it promised. Changes to the first two are durable
 * before any reply leaves the node (the caller persists each {@link Ready} before sending).
 */
final class Acceptor {

    private final int windowTicks;
    private Ballot promised;
    private Ballot persistedPromise;
    private final TreeMap<Long, Ready.AcceptedValue> accepted;
    /**
     * One entry a slot: a slot accepted again (a higher ballot) before the caller persisted the
     * first acceptance needs only the later one on disk.
     */
    private final Map<Long, Ready.AcceptedValue> newlyAccepted = new LinkedHashMap<>();
    private Ballot windowHolder;
    private long windowExpiry;

    /**
     * After a (re)start the window this acceptor granted before may still run at its holder, and
     * it is not on disk: refuse every PREPARE for one window length.
     */
    Acceptor(int windowTicks, Ballot promised, NavigableMap<Long, Ready.AcceptedValue> accepted, long now) {
        this.windowTicks = windowTicks;
        this.promised = promised;
        this.persistedPromise = promised;
        this.accepted = new TreeMap<>(accepted);
        this.windowHolder = null;
        this.windowExpiry = now + windowTicks;
    }

    Ballot promised() {
        return promised;
    }

    /** Null if a PREPARE of {@code ballot} may be promised now, else why not. */
    Message.Refusal refusalOfPrepare(Ballot ballot, long now) {
        if (ballot.isBelow(promised)) {
            return Message.Refusal.OUTDATED;
        }
        if (now < windowExpiry && (windowHolder == null || windowHolder.node() != ballot.node())) {
            return Message.Refusal.WINDOW_HELD;
        }
        return null;
    }

    void promise(Ballot ballot, long now, boolean grantWindow) {
        raise(ballot);
        if (grantWindow) {
            renewWindow(ballot, now);
        }
    }

    /** Accepts the value unless a higher ballot was promised; a decided slot only renews the window. */
    boolean accept(Ballot ballot, long slot, Value value, boolean alreadyDecided, long now) {
        if (!hear(ballot, now)) {
            return false;
        }
        if (!alreadyDecided) {
            Ready.AcceptedValue entry = new Ready.AcceptedValue(slot, ballot, value);
            Ready.AcceptedValue previous = accepted.put(slot, entry);
            if (!entry.equals(previous)) {
                newlyAccepted.put(slot, entry);
            }
        }
        return true;
    }

    /** A leader's COMMIT or ACCEPT: follow it unless a higher ballot was promised. */
    boolean hear(Ballot ballot, long now) {
        if (ballot.isBelow(promised)) {
            return false;
        }
        raise(ballot);
        renewWindow(ballot, now);
        return true;
    }

    /** Whether this acceptor would refuse its own node's PREPARE now (it granted someone else the window). */
    boolean windowHeldByOther(int node, long now) {
        return now < windowExpiry && (windowHolder == null || windowHolder.node() != node);
    }

    long windowExpiry() {
        return windowExpiry;
    }

    Ready.AcceptedValue accepted(long slot) {
        return accepted.get(slot);
    }

    NavigableMap<Long, Ready.AcceptedValue> acceptedFrom(long slot) {
        return accepted.tailMap(slot, true);
    }

    /** Decided or compacted slots need no accepted value any more. */
    void forget(long slot) {
        accepted.remove(slot);
    }

    void forgetThrough(long slot) {
        accepted.headMap(slot, true).clear();
    }

    /** Whether something is to be persisted. */
    boolean hasChanges() {
        return !promised.equals(persistedPromise) || !newlyAccepted.isEmpty();
    }

    /** The promise to persist, or null when unchanged since the last call. */
    Ballot takePromiseChange() {
        if (promised.equals(persistedPromise)) {
            return null;
        }
        persistedPromise = promised;
        return promised;
    }

    List<Ready.AcceptedValue> takeNewlyAccepted() {
        List<Ready.AcceptedValue> taken = List.copyOf(newlyAccepted.values());
        newlyAccepted.clear();
        return taken;
    }

    private void raise(Ballot ballot) {
        if (ballot.isAbove(promised)) {
            promised = ballot;
        }
    }

    private void renewWindow(Ballot ballot, long now) {
        windowHolder = ballot;
        windowExpiry = now + windowTicks;
    }
}
