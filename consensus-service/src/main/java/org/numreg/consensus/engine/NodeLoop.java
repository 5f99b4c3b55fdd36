package org.numreg.consensus.engine;

import org.numreg.consensus.log.LogHead;
import org.numreg.consensus.log.Submission;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Message;
import org.numreg.paxos.Node;
import org.numreg.paxos.Ready;
import org.numreg.registry.event.Applied;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The thread that owns this registrar's Paxos node. Everything that changes the node — peer
 * messages, submissions, ticks, compaction, an installed snapshot — is a task in its inbox. Each
 * turn runs what arrived, proposes what was submitted, ticks when due, then works off the node's
 * Readys in the order {@link Ready} prescribes: persist, send, hand decided slots to the applier,
 * advance. Nothing leaves the process before it is durable.
 */
final class NodeLoop {

    /** Where the node's acceptor state and its compaction become durable. */
    interface Disk {
        /** The Ready's promise and accepted values, in one transaction that commits synchronously. */
        void persist(Ready ready) throws SQLException;

        void compact(long slot, Membership membership) throws SQLException;
    }

    private final Node node;
    private final Disk disk;
    private final Consumer<List<Message>> network;
    private final Submissions submissions;
    private final Handoff applier;
    private final BackPressure backPressure;
    private final Supplier<LogHead> appliedHead;
    private final long tickNanos;
    private final long readerHoldTicks;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final List<Runnable> work = new ArrayList<>();
    private final Worker worker = new Worker("consensus-loop", "consensus loop failed", this::turn);
    private volatile Status status = Status.STARTING;
    private long nextTick;

    /**
     * @param network     sends messages to peers (must not block)
     * @param appliedHead how far the applier has applied, for {@link #status()}
     * @param readerHold  how long a peer reading the log spares the slots it reads from compaction
     */
    NodeLoop(Node node, Disk disk, Consumer<List<Message>> network, Submissions submissions, Handoff applier,
             BackPressure backPressure, Supplier<LogHead> appliedHead, Duration tick, Duration readerHold) {
        this.node = node;
        this.disk = disk;
        this.network = network;
        this.submissions = submissions;
        this.applier = applier;
        this.backPressure = backPressure;
        this.appliedHead = appliedHead;
        this.tickNanos = tick.toNanos();
        this.readerHoldTicks = readerHold.toNanos() / tickNanos;
    }

    void start() {
        nextTick = System.nanoTime() + tickNanos;
        worker.start();
    }

    void stop() throws InterruptedException {
        worker.stop();
    }

    // ------------------------------------------------------------------ any thread

    void execute(Runnable task) {
        inbox.add(task);
    }

    /** The future completes once the command is applied here. */
    CompletableFuture<Applied> submit(Submission submission) {
        return submissions.submit(submission, this::execute);
    }

    /** Messages from a peer: dropped while this registrar does not talk to its peers. */
    void deliver(List<Message> messages) {
        execute(() -> {
            if (backPressure.talking()) {
                messages.forEach(node::step);
            }
        });
    }

    /** Keeps the slots after {@code slot} for {@code peer}, which is receiving a snapshot at that slot. */
    void holdLog(int peer, long slot) {
        execute(() -> node.holdLog(peer, slot));
    }

    /** The Paxos membership governing the slots after {@code slot}, as the node knows it now. */
    Membership membershipAfter(long slot) {
        CompletableFuture<Membership> membership = new CompletableFuture<>();
        execute(() -> membership.complete(node.membership().from(slot)));
        try {
            return membership.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the consensus loop did not answer", e);
        }
    }

    /** The applier installed a peer's snapshot at {@code slot}: the node's log goes on after it. */
    void snapshotInstalled(long slot, Membership membership, int source) {
        execute(() -> node.installSnapshot(slot, membership, source));
    }

    /** Drops decided slots through {@code wanted} from memory and disk, sparing those peers read. */
    void compactThrough(long wanted) {
        execute(() -> compact(wanted));
    }

    /** What the loop knew at the end of its last turn. */
    Status status() {
        return status;
    }

    // ------------------------------------------------------------------ the loop's thread

    private void turn() throws InterruptedException, SQLException {
        long wait = nextTick - System.nanoTime();
        Runnable first = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
        backPressure.reconsider();
        if (first != null) {
            work.add(first);
            inbox.drainTo(work, 10_000);
            for (Runnable task : work) {
                task.run();
            }
            work.clear();
        }
        submissions.proposeTo(node);
        for (long now = System.nanoTime(); now - nextTick >= 0; nextTick += tickNanos) {
            // A registrar cut off by its own choice holds still: no campaign of its own to
            // unseat the leader when it talks again.
            if (backPressure.talking()) {
                node.tick(System.currentTimeMillis());
            }
        }
        processReadys();
        status = Status.of(node, appliedHead.get());
    }

    private void processReadys() throws SQLException {
        while (node.hasReady()) {
            Ready ready = node.ready();
            if (ready.promised() != null || !ready.accepted().isEmpty()) {
                disk.persist(ready);
            }
            backPressure.reconsider();
            if (backPressure.talking()) {
                network.accept(ready.messages());
            }
            if (!ready.decided().isEmpty()) {
                applier.decided(ready.decided());
            }
            if (!ready.snapshotsNeeded().isEmpty()) {
                applier.snapshotNeeded(ready.snapshotsNeeded().getFirst());
            }
            node.advance(ready);
        }
    }

    private void compact(long wanted) {
        long slot = Math.min(wanted, node.lowestSlotReadSince(node.now() - readerHoldTicks) - 1);
        if (slot <= node.snapshotSlot()) {
            return;
        }
        Membership membership = node.compact(slot);
        try {
            disk.compact(slot, membership);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compact the log through slot " + slot, e);
        }
    }
}
