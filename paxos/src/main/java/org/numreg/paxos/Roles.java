package org.numreg.paxos;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Who leads, as this node sees it, and the node's own role in it: the node's time (ticks), its
 * election timer, the highest ballot it has seen, the leader it follows and forwards its callers'
 * proposals to, and — when it campaigns or leads — its {@link Campaign} or {@link Leadership}
 * with the messages they take (WOULD_PROMISE, PROMISE, ACCEPTED, COMMIT_ACK, FORWARD, REJECT).
 * {@link Node} reports what the acceptor and the learner see ({@link #follow},
 * {@link #noticeBallot}).
 */
final class Roles {

    /** What decides slots: the node's log, whose decisions the roles hear of through {@link #decided}. */
    @FunctionalInterface
    interface Decider {
        /** Records a decision; returns whether it was new. */
        boolean decide(long slot, Value value);
    }

    private final Options options;
    private final DecidedLog log;
    private final Acceptor acceptor;
    private final Learner learner;
    private final Quorums quorums;
    private final RecentIds recentlyDecided;
    private final Consumer<Message> send;
    private final Decider decider;
    private final SplittableRandom random;
    private final Proposals pending = new Proposals();
    private final Campaign campaign;
    private Leadership leadership;
    private Node.Role role = Node.Role.FOLLOWER;
    private int leader = Node.NO_LEADER;
    private Ballot highestSeen;
    private long now;
    private long clock;
    private long electionDeadline;
    private long lastForward;

    Roles(Options options, DecidedLog log, Acceptor acceptor, Learner learner, RecentIds recentlyDecided,
          Consumer<Message> send, Decider decider) {
        this.options = options;
        this.log = log;
        this.acceptor = acceptor;
        this.learner = learner;
        this.quorums = new Quorums(log);
        this.recentlyDecided = recentlyDecided;
        this.send = send;
        this.decider = decider;
        this.random = new SplittableRandom(options.seed());
        this.campaign = new Campaign(options, log, send);
        this.highestSeen = acceptor.promised();
        resetElectionTimer();
    }

    // ------------------------------------------------------------------ time

    /** One tick: a leader steps down once its window ends, else heartbeats; others time out into a trial. */
    void tick(long clockMillis) {
        now++;
        clock = clockMillis;
        switch (role) {
            case LEADER -> {
                if (now > leadership.windowEnd()) {
                    becomeFollower();
                } else if (leadership.heartbeatDue(now)) {
                    leadership.heartbeat(now);
                }
            }
            case CANDIDATE, FOLLOWER -> {
                if (now >= electionDeadline) {
                    electionTimeout();
                }
                if (leader != Node.NO_LEADER && now - lastForward >= options.electionTicks()) {
                    forwardPending();
                }
            }
        }
    }

    long now() {
        return now;
    }

    Node.Role role() {
        return role;
    }

    int leader() {
        return leader;
    }

    /** Whether this node believes, now, that it holds the leadership window of a quorum. */
    boolean holdsWindow() {
        return role == Node.Role.LEADER && now <= leadership.windowEnd();
    }

    // ------------------------------------------------------------------ proposals

    /** The leader queues it; a follower forwards it to the leader it knows (and again until it is decided). */
    void propose(Proposal proposal) {
        pending.add(proposal);
        if (!lead(leading -> leading.enqueue(proposal))) {
            forward(List.of(proposal), List.of());
        }
    }

    void propose(Reconfiguration reconfiguration) {
        pending.add(reconfiguration);
        if (!lead(leading -> leading.enqueue(reconfiguration))) {
            forward(List.of(), List.of(reconfiguration));
        }
    }

    /** When this node leads: queues with {@code queue} and fills the pipeline. Returns whether it leads. */
    private boolean lead(Consumer<Leadership> queue) {
        if (leadership == null) {
            return false;
        }
        queue.accept(leadership);
        fillPipeline();
        return true;
    }

    /** Forwards new proposals to the leader this node knows, if any (all of them go again on a leader change). */
    private void forward(List<Proposal> proposals, List<Reconfiguration> reconfigurations) {
        if (leader != Node.NO_LEADER) {
            send.accept(new Message.Forward(id(), leader, proposals, reconfigurations));
        }
    }

    private void forwardPending() {
        lastForward = now;
        if (leader != Node.NO_LEADER && leader != id()) {
            pending.forward(id(), leader).ifPresent(send);
        }
    }

    /** {@code slot} was decided with the proposals {@code ids}. */
    void decided(long slot, Set<String> ids) {
        pending.decided(ids);
        if (leadership != null) {
            leadership.decided(slot, ids);
        }
    }

    /** After decisions: a leader removed from the configuration steps down, else fills its pipeline. */
    void afterDecisions() {
        if (leadership == null) {
            return;
        }
        if (!log.configAt(log.decidedThrough() + 1).isVoter(id())) {
            becomeFollower();
            return;
        }
        fillPipeline();
    }

    /** A leader announces its new decisions at once; returns whether it sent anything. */
    boolean announceNewDecisions() {
        return leadership != null && leadership.announceNewDecisions(now);
    }

    // ------------------------------------------------------------------ what others say

    /** A leader (or this node, as leader) spoke with {@code ballot}. */
    void follow(int from, Ballot ballot) {
        noticeBallot(ballot);
        if (leadership != null) {
            return;
        }
        if (campaign.running()) {
            becomeFollower();
        }
        resetElectionTimer();
        if (leader != from) {
            leader = from;
            forwardPending();
        }
    }

    /** A higher ballot than this node's own ends its campaign or leadership. */
    void noticeBallot(Ballot ballot) {
        highestSeen = Ballot.max(highestSeen, ballot);
        Ballot mine = leadership != null ? leadership.ballot() : campaign.ballot();
        if (mine != null && ballot.isAbove(mine)) {
            becomeFollower();
        }
    }

    /** A peer that is catching this node up names the leader it follows. */
    void heardOfLeader(int named) {
        if (leadership == null && campaign.ballot() == null && named != Node.NO_LEADER && named != leader) {
            leader = named;
            forwardPending();
        }
    }

    /** This node promised another node's ballot: it waits a whole election timeout before campaigning. */
    void resetElectionTimer() {
        electionDeadline = now + randomElectionTimeout();
    }

    private int randomElectionTimeout() {
        return options.electionTicks() + random.nextInt(options.electionTicks());
    }

    void onWouldPromise(Message.WouldPromise m) {
        if (campaign.tally(m)) {
            startCampaign();
        }
    }

    void onPromise(Message.Promise m) {
        for (Message.SlotReport report : m.slots()) {
            if (report.decided()) {
                decider.decide(report.slot(), report.value());
            }
        }
        if (campaign.isFor(m.ballot())) {
            campaign.promised(m).ifPresent(this::becomeLeader);
        } else if (leadership != null && m.ballot().equals(leadership.ballot())) {
            leadership.promisedLate(m);
        }
        afterDecisions();
    }

    void onReject(Message.Reject m) {
        noticeBallot(m.promised());
        if (m.refusal() == Message.Refusal.BEHIND) {
            learner.request(m.from(), true, now);
        }
    }

    void onAccepted(Message.Accepted m) {
        if (leadership == null || !m.ballot().equals(leadership.ballot())) {
            return;
        }
        leadership.accepted(m).ifPresent(value -> {
            decider.decide(m.slot(), value);
            afterDecisions();
        });
    }

    void onCommitAck(Message.CommitAck m) {
        if (leadership == null || !m.ballot().equals(leadership.ballot())) {
            return;
        }
        leadership.acknowledged(m.from(), m.sentAt(), m.decidedThrough());
        fillPipeline();
    }

    void onForward(Message.Forward m) {
        if (leadership == null) {
            return; // the sender retries with the leader it learns of
        }
        m.proposals().forEach(leadership::enqueue);
        m.reconfigurations().forEach(leadership::enqueue);
        fillPipeline();
    }

    // ------------------------------------------------------------------ transitions

    private void electionTimeout() {
        if (!isVoter()) {
            // A learner, or a node not (yet or any more) in the membership: ask a voter what it lacks.
            List<Integer> voters = List.copyOf(log.membership().latest().voters());
            learner.request(voters.get(random.nextInt(voters.size())), true, now);
            becomeFollower();
        } else if (acceptor.windowHeldByOther(id(), now)) {
            electionDeadline = acceptor.windowExpiry() + randomElectionTimeout() / 2;
        } else {
            startTrial();
        }
    }

    /**
     * Asks the voters whether they would promise this node's next ballot, before any of them
     * raises its promise (Raft's pre-vote): a node that cannot win — behind the others'
     * compacted log, or cut off from a leader they still hear — then disturbs no one. The
     * campaign starts once a quorum says yes; otherwise the next timeout tries again.
     */
    private void startTrial() {
        if (!isVoter()) {
            return;
        }
        campaign.startTrial(nextBallot());
        resetElectionTimer();
    }

    /** Starts a campaign now, without a trial (at once after a successful one; operators, tests). */
    void startCampaign() {
        if (!isVoter()) {
            return;
        }
        Ballot ballot = nextBallot();
        highestSeen = ballot;
        role = Node.Role.CANDIDATE;
        leader = Node.NO_LEADER;
        leadership = null;
        campaign.start(ballot, now);
        resetElectionTimer();
    }

    private boolean isVoter() {
        return log.configAt(log.decidedThrough() + 1).isVoter(id()) || log.membership().latest().isVoter(id());
    }

    private Ballot nextBallot() {
        return new Ballot(Math.max(highestSeen.round(), acceptor.promised().round()) + 1, id());
    }

    private void becomeLeader(Candidacy won) {
        if (!log.configAt(log.decidedThrough() + 1).isVoter(id())) {
            becomeFollower();
            return;
        }
        role = Node.Role.LEADER;
        leader = id();
        leadership = new Leadership(options, won, log, quorums, recentlyDecided, send, now, clock);
        pending.handTo(leadership);
        leadership.heartbeat(now);
        fillPipeline();
    }

    private void becomeFollower() {
        role = Node.Role.FOLLOWER;
        campaign.end();
        if (leadership != null) {
            leadership = null;
            leader = Node.NO_LEADER;
        }
        resetElectionTimer();
    }

    private void fillPipeline() {
        if (leadership != null) {
            leadership.fillPipeline(now, clock);
        }
    }

    private int id() {
        return options.id();
    }
}
