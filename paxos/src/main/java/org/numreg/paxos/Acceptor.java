package org.numreg.paxos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The acceptor's side of Paxos: the highest ballot promised, the values accepted, the leadership
 * window granted to the ballot it promised, and its answers to PROBE, PREPARE and ACCEPT. Changes
 * to the first two are durable before any reply leaves the node (the caller persists each
 * {@link Ready} before sending).
 */
final class Acceptor {

    private final int self;
    private final int windowTicks;
    private final int maxPromiseLag;
    private final DecidedLog log;
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
    Acceptor(Options options, DecidedLog log, Ballot promised, NavigableMap<Long, Ready.AcceptedValue> accepted,
             long now) {
        this.self = options.id();
        this.windowTicks = options.windowTicks();
        this.maxPromiseLag = options.maxPromiseLag();
        this.log = log;
        this.promised = promised;
        this.persistedPromise = promised;
        this.accepted = new TreeMap<>(accepted);
        this.windowHolder = null;
        this.windowExpiry = now + windowTicks;
    }

    Ballot promised() {
        return promised;
    }

    /** Whether it would promise the PROBE's ballot now: WOULD_PROMISE, or the REJECT a PREPARE would get. */
    Message answer(Message.Probe m, long now) {
        Message.Reject refusal = refusalOfPrepare(m.from(), m.ballot(), m.fromSlot(), now);
        return refusal != null ? refusal : new Message.WouldPromise(self, m.from(), m.ballot());
    }

    /** A PROMISE — made — with what this acceptor knows of every slot from the PREPARE's on, or a REJECT. */
    Message answer(Message.Prepare m, long now) {
        Message.Reject refusal = refusalOfPrepare(m.from(), m.ballot(), m.fromSlot(), now);
        if (refusal != null) {
            return refusal;
        }
        raise(m.ballot());
        // A candidate's own acceptor promises but grants no window: until it wins, another
        // candidate with a higher ballot may still win this node over (no duel of self-windows).
        if (m.from() != self) {
            renewWindow(m.ballot(), now);
        }
        return new Message.Promise(self, m.from(), m.ballot(), m.sentAt(), log.decidedThrough(), reports(m.fromSlot()));
    }

    /** ACCEPTED — the value accepted — or a REJECT when a higher ballot was promised. */
    Message answer(Message.Accept m, long now) {
        boolean decided = log.isDecided(m.slot()) || m.slot() <= log.snapshotSlot();
        if (!accept(m.ballot(), m.slot(), m.value(), decided, now)) {
            return outdated(m.from(), m.ballot());
        }
        return new Message.Accepted(self, m.from(), m.ballot(), m.slot(), m.sentAt(), log.decidedThrough());
    }

    /** The REJECT of a message of an outdated ballot. */
    Message.Reject outdated(int to, Ballot ballot) {
        return new Message.Reject(self, to, ballot, Message.Refusal.OUTDATED, promised, 0);
    }

    /**
     * The REJECT a PREPARE of {@code ballot} from {@code fromSlot} gets now, or null if it would be
     * promised: a promised higher ballot, another node's window, or a candidate so far behind
     * (compacted here, or more than maxPromiseLag slots) that it must learn first.
     */
    private Message.Reject refusalOfPrepare(int from, Ballot ballot, long fromSlot, long now) {
        Message.Refusal refusal = null;
        long hint = 0;
        if (ballot.isBelow(promised)) {
            refusal = Message.Refusal.OUTDATED;
        } else if (now < windowExpiry && (windowHolder == null || windowHolder.node() != ballot.node())) {
            refusal = Message.Refusal.WINDOW_HELD;
        } else if (fromSlot <= log.snapshotSlot()) {
            refusal = Message.Refusal.BEHIND;
            hint = log.snapshotSlot();
        } else if (log.decidedThrough() - fromSlot + 1 > maxPromiseLag) {
            refusal = Message.Refusal.BEHIND;
            hint = log.decidedThrough();
        }
        return refusal == null ? null : new Message.Reject(self, from, ballot, refusal, promised, hint);
    }

    /** What this acceptor knows of every slot from {@code fromSlot} on: decided values, then accepted ones. */
    private List<Message.SlotReport> reports(long fromSlot) {
        List<Message.SlotReport> reports = new ArrayList<>();
        for (long slot = fromSlot; slot <= log.decidedThrough(); slot++) {
            reports.add(new Message.SlotReport(slot, null, log.get(slot)));
        }
        log.aheadFrom(fromSlot).forEach((slot, value) -> reports.add(new Message.SlotReport(slot, null, value)));
        for (Ready.AcceptedValue value : acceptedFrom(fromSlot).values()) {
            if (!log.isDecided(value.slot())) {
                reports.add(new Message.SlotReport(value.slot(), value.ballot(), value.value()));
            }
        }
        return reports;
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
