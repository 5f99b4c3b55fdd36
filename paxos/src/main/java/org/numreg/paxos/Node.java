package org.numreg.paxos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One Multi-Paxos node: acceptor, learner and (when elected) leader of a log of slots.
 *
 * <p>It is a deterministic state machine: it changes only when its caller calls
 * {@link #tick(long)}, {@link #step(Message)}, {@link #propose(Proposal)},
 * {@link #proposeReconfiguration(Reconfiguration)}, {@link #installSnapshot} or {@link #compact};
 * it never reads a clock, starts a thread, or does I/O. What it wants done — state to persist,
 * messages to send, decisions to apply — it hands out as a {@link Ready}.
 *
 * <p>Protocol (docs/consensus.md): a node becomes leader by one PREPARE covering every slot from
 * its first undecided one on (phase 1, once per leadership), sent only once a quorum answered a
 * PROBE saying they would promise it; acceptors that promise also grant it
 * a leadership window of {@link Options#windowTicks()} during which they refuse other nodes'
 * PREPAREs. The leader then runs only phase 2 (ACCEPT / ACCEPTED) for many slots at once,
 * renews its window with every message a quorum acknowledges, and steps down when it cannot.
 */
public final class Node {

    public enum Role { FOLLOWER, CANDIDATE, LEADER }

    /** What {@link #leader()} answers while this node knows no leader. */
    public static final int NO_LEADER = 0;

    private static final int RECENT_IDS = 65_536;

    private final Options options;
    private final Acceptor acceptor;
    private final DecidedLog log;
    private final RecentIds recentlyDecided = new RecentIds(RECENT_IDS);
    private final Learner learner;
    private final Roles roles;
    private long leaderDecidedThrough;

    private final List<Message> outbox = new ArrayList<>();
    private final ArrayDeque<Message> toSelf = new ArrayDeque<>();
    private Ready handedOut;

    private Node(Options options, Storage storage, long appliedThrough) {
        this.options = options;
        boolean participatedBefore = !storage.promised().equals(Ballot.ZERO);
        this.log = new DecidedLog(options.maxInflight(), storage.snapshotSlot(), storage.snapshotMembership(),
                storage.decided(), appliedThrough);
        this.acceptor = new Acceptor(options, log, storage.promised(), storage.accepted(),
                participatedBefore ? 0 : -options.windowTicks());
        this.acceptor.forgetThrough(log.decidedThrough());
        this.learner = new Learner(options, log, this::send);
        this.roles = new Roles(options, log, acceptor, learner, recentlyDecided, this::send, this::decide);
    }

    /** A node of a new log whose first slot is governed by {@code initial} (the same on every node). */
    public static Node create(Options options, Config initial) {
        return new Node(options, new MemoryStorage(Membership.initial(initial)), 0);
    }

    /**
     * A node restarting from what it persisted. Decisions after {@code appliedThrough} are handed
     * out again in the first {@link Ready}.
     */
    public static Node restart(Options options, Storage storage, long appliedThrough) {
        return new Node(options, storage, appliedThrough);
    }

    // ------------------------------------------------------------------ inputs

    /** One tick of time; {@code clockMillis} is only a label for the batches this node forms as leader. */
    public void tick(long clockMillis) {
        roles.tick(clockMillis);
        finish();
    }

    public void step(Message message) {
        if (message.to() != options.id()) {
            throw new IllegalArgumentException("message for node " + message.to() + " stepped into node " + id());
        }
        handle(message);
        finish();
    }

    /** Asks for a value to be decided; it is forwarded to the leader if this node is not it. */
    public void propose(Proposal proposal) {
        roles.propose(proposal);
        finish();
    }

    /** Asks for a change of the membership (see {@link Reconfiguration}), like {@link #propose}. */
    public void proposeReconfiguration(Reconfiguration reconfiguration) {
        roles.propose(reconfiguration);
        finish();
    }

    /** Starts a campaign now instead of at the election timeout (operators, tests). */
    public void campaign() {
        roles.startCampaign();
        finish();
    }

    /**
     * The caller's snapshot now holds every slot up to {@code slot} (which it has applied): the
     * log below is dropped. Returns the membership to store with the snapshot.
     */
    public Membership compact(long slot) {
        return log.compact(slot);
    }

    /**
     * The caller installed {@code source}'s snapshot of every slot up to {@code slot}. The slots
     * after it are asked of the source, which holds them for this node (see {@link #holdLog}).
     */
    public void installSnapshot(long slot, Membership membership, int source) {
        log.installSnapshot(slot, membership);
        acceptor.forgetThrough(slot);
        learner.snapshotInstalled(slot, source, now());
        finish();
    }

    /**
     * The caller is sending {@code peer} a snapshot of every slot up to {@code slot}: the slots
     * after it are held for the peer as if it had asked for them (see {@link #lowestSlotReadSince}).
     */
    public void holdLog(int peer, long slot) {
        learner.holdFor(peer, slot, now());
    }

    /**
     * The lowest slot a peer has been reading (asking for, or about to ask for after a snapshot)
     * since tick {@code since}, while it advances; {@link Long#MAX_VALUE} if none. A caller
     * compacting its log spares the slots from there on.
     */
    public long lowestSlotReadSince(long since) {
        return learner.lowestSlotReadSince(since);
    }

    // ------------------------------------------------------------------ outputs

    public boolean hasReady() {
        return handedOut == null && (!outbox.isEmpty() || learner.needsSnapshot()
                || log.deliveredThrough() < log.decidedThrough() || acceptor.hasChanges());
    }

    /** Hands out what is to be persisted, sent and applied; call {@link #advance} once that is done. */
    public Ready ready() {
        if (handedOut != null) {
            throw new IllegalStateException("advance() the previous Ready first");
        }
        Ready ready = new Ready(acceptor.takePromiseChange(), acceptor.takeNewlyAccepted(), outbox,
                log.takeUndelivered(), learner.takeSnapshotsNeeded());
        outbox.clear();
        handedOut = ready;
        return ready;
    }

    public void advance(Ready ready) {
        if (ready != handedOut) {
            throw new IllegalStateException("advance() takes the Ready that ready() returned last");
        }
        handedOut = null;
    }

    // ------------------------------------------------------------------ observers

    public int id() {
        return options.id();
    }

    public Role role() {
        return roles.role();
    }

    /** The leader this node follows (or itself), 0 if it knows none. */
    public int leader() {
        return roles.leader();
    }

    public long decidedThrough() {
        return log.decidedThrough();
    }

    /** The highest slot the leader announced decided (this node's own when it leads). */
    public long leaderDecidedThrough() {
        return roles.role() == Role.LEADER ? log.decidedThrough() : leaderDecidedThrough;
    }

    public long snapshotSlot() {
        return log.snapshotSlot();
    }

    public Ballot promised() {
        return acceptor.promised();
    }

    public Membership membership() {
        return log.membership();
    }

    /** Ticks since this node (re)started. */
    public long now() {
        return roles.now();
    }

    /** Whether this node believes, now, that it holds the leadership window of a quorum. */
    public boolean holdsWindow() {
        return roles.holdsWindow();
    }

    // ------------------------------------------------------------------ messages

    private void handle(Message message) {
        switch (message) {
            case Message.Probe m -> send(acceptor.answer(m, now()));
            case Message.WouldPromise m -> roles.onWouldPromise(m);
            case Message.Prepare m -> onPrepare(m);
            case Message.Promise m -> roles.onPromise(m);
            case Message.Reject m -> roles.onReject(m);
            case Message.Accept m -> onAccept(m);
            case Message.Accepted m -> roles.onAccepted(m);
            case Message.Commit m -> onCommit(m);
            case Message.CommitAck m -> roles.onCommitAck(m);
            case Message.LearnRequest m -> learner.answer(m, roles.leader(), now());
            case Message.Learn m -> onLearn(m);
            case Message.SnapshotNeeded m -> learner.snapshotOffered(m, now());
            case Message.Forward m -> roles.onForward(m);
        }
    }

    private void onPrepare(Message.Prepare m) {
        Message answer = acceptor.answer(m, now());
        if (answer instanceof Message.Promise) {
            roles.noticeBallot(m.ballot());
            if (m.from() != id()) {
                roles.resetElectionTimer();
            }
        }
        send(answer);
    }

    private void onAccept(Message.Accept m) {
        Message answer = acceptor.answer(m, now());
        if (answer instanceof Message.Accepted) {
            roles.follow(m.from(), m.ballot());
        }
        send(answer);
    }

    private void onCommit(Message.Commit m) {
        if (!acceptor.hear(m.ballot(), now())) {
            send(acceptor.outdated(m.from(), m.ballot()));
            return;
        }
        roles.follow(m.from(), m.ballot());
        leaderDecidedThrough = Math.max(leaderDecidedThrough, m.decidedThrough());
        // A value accepted in the leader's own ballot is the one it decided.
        if (m.decidedThrough() > log.decidedThrough()) {
            for (Ready.AcceptedValue accepted : List.copyOf(acceptor.acceptedFrom(log.decidedThrough() + 1)
                    .headMap(m.decidedThrough(), true).values())) {
                if (accepted.ballot().equals(m.ballot())) {
                    decide(accepted.slot(), accepted.value());
                }
            }
        }
        roles.afterDecisions();
        if (log.decidedThrough() < m.decidedThrough()) {
            learner.request(m.from(), false, now());
        }
        send(new Message.CommitAck(id(), m.from(), m.ballot(), m.sentAt(), log.decidedThrough()));
    }

    private void onLearn(Message.Learn m) {
        boolean learned = false;
        for (Decision decision : m.decisions()) {
            learned |= decide(decision.slot(), decision.value());
        }
        roles.afterDecisions();
        if (learned) {
            learner.learned(now());
        }
        if (learned && log.decidedThrough() < m.decidedThrough()) {
            learner.request(m.from(), true, now());
        }
        roles.heardOfLeader(m.leader());
    }

    // ------------------------------------------------------------------ learning

    /** Records a decision; returns whether it was new to this node. */
    private boolean decide(long slot, Value value) {
        if (!log.decide(slot, value)) {
            return false;
        }
        acceptor.forget(slot);
        Set<String> ids = Value.proposalIds(value);
        ids.forEach(recentlyDecided::add);
        roles.decided(slot, ids);
        return true;
    }

    // ------------------------------------------------------------------ plumbing

    private void send(Message message) {
        if (message.to() == id()) {
            toSelf.add(message);
        } else {
            outbox.add(message);
        }
    }

    /** Handles this node's messages to itself, then announces new decisions once. */
    private void finish() {
        drainSelf();
        if (roles.announceNewDecisions()) {
            drainSelf();
        }
    }

    private void drainSelf() {
        while (!toSelf.isEmpty()) {
            handle(toSelf.poll());
        }
    }
}
