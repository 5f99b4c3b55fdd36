package org.numreg.paxos;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Catching up, both ways: asking peers for the decided slots this node lacks (or, when they are
 * compacted everywhere it asked, for a snapshot), and answering peers that ask this node, whose
 * reads spare the slots they read from compaction ({@link LogReaders}).
 */
final class Learner {

    private final Options options;
    private final DecidedLog log;
    private final Consumer<Message> send;
    private final LogReaders readers = new LogReaders();
    private final List<Ready.SnapshotNeeded> snapshotsNeeded = new ArrayList<>();
    private long lastRequest = Long.MIN_VALUE / 2;
    private long lastLearned = Long.MIN_VALUE / 2;

    Learner(Options options, DecidedLog log, Consumer<Message> send) {
        this.options = options;
        this.log = log;
        this.send = send;
    }

    /** Asks a peer for the decisions this node lacks; unless {@code urgent}, at most once per heartbeat. */
    void request(int peer, boolean urgent, long now) {
        if (peer == options.id() || (!urgent && now - lastRequest < options.heartbeatTicks())) {
            return;
        }
        lastRequest = now;
        send.accept(new Message.LearnRequest(options.id(), peer, log.decidedThrough() + 1));
    }

    /** New decisions came in at {@code now}. */
    void learned(long now) {
        lastLearned = now;
    }

    /** A peer asks for the slots from {@code m.fromSlot()}: they, or word that only a snapshot has them. */
    void answer(Message.LearnRequest m, int leader, long now) {
        if (m.fromSlot() <= log.snapshotSlot()) {
            send.accept(new Message.SnapshotNeeded(options.id(), m.from(), log.snapshotSlot()));
        } else {
            readers.asked(m.from(), m.fromSlot(), now);
            send.accept(new Message.Learn(options.id(), m.from(),
                    log.range(m.fromSlot(), options.maxLearnBatch(), options.maxValueBytes()),
                    log.decidedThrough(), leader));
        }
    }

    /** A peer has compacted the slots this node asked for. */
    void snapshotOffered(Message.SnapshotNeeded m, long now) {
        // While another peer is feeding this node the slots it lacks, a peer that compacted them
        // is no reason to start over from a snapshot.
        boolean learning = now - lastLearned < options.electionTicks();
        if (!learning && m.snapshotSlot() > log.decidedThrough()
                && snapshotsNeeded.stream().noneMatch(s -> s.peer() == m.from())) {
            snapshotsNeeded.add(new Ready.SnapshotNeeded(m.from(), m.snapshotSlot()));
        }
    }

    /** The caller installed a snapshot through {@code slot}: the tail is asked of {@code source}. */
    void snapshotInstalled(long slot, int source, long now) {
        snapshotsNeeded.removeIf(s -> s.slot() <= slot);
        lastLearned = now;
        request(source, true, now);
    }

    boolean needsSnapshot() {
        return !snapshotsNeeded.isEmpty();
    }

    /** The snapshots needed since the last call, for a Ready. */
    List<Ready.SnapshotNeeded> takeSnapshotsNeeded() {
        List<Ready.SnapshotNeeded> taken = List.copyOf(snapshotsNeeded);
        snapshotsNeeded.clear();
        return taken;
    }

    /** The caller sends {@code peer} a snapshot through {@code slot}: the slots after it are held as if asked for. */
    void holdFor(int peer, long slot, long now) {
        readers.hold(peer, slot + 1, now);
    }

    long lowestSlotReadSince(long since) {
        return readers.lowestReadSince(since);
    }
}
