package org.numreg.paxos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Nodes of one log in one thread, each with a simulated disk that survives its crashes and a
 * simulated application (the decided values it applied, and its snapshot). Messages go to a
 * {@link Network} the test controls. Every Ready is handled as a real caller must: persist,
 * send, apply, advance — and checked by {@link Invariants}.
 */
final class Cluster {

    /** Where a crash interrupts the handling of a Ready. */
    enum CrashPoint { NONE, BEFORE_PERSIST, AFTER_PERSIST, AFTER_SEND }

    interface Network {
        void send(Message message);
    }

    /** The application's durable state: what it applied, and its last snapshot. */
    static final class App {
        final TreeMap<Long, Value> applied = new TreeMap<>();
        long appliedThrough;
        long snapshotSlot;
        Membership snapshotMembership;
        TreeMap<Long, Value> snapshotValues = new TreeMap<>();
    }

    final class Member {
        final int id;
        final Options options;
        final MemoryStorage disk;
        final App app = new App();
        Node node;
        int incarnation;

        Member(int id, Options options, Membership initial) {
            this.id = id;
            this.options = options;
            this.disk = new MemoryStorage(initial);
            this.node = Node.restart(options, disk, 0);
        }

        boolean isUp() {
            return node != null;
        }
    }

    private final Map<Integer, Member> members = new LinkedHashMap<>();
    private final Membership initial;
    final Invariants invariants = new Invariants();
    Network network;
    /** Decides, per Ready, whether the node crashes while handling it. */
    java.util.function.Function<Member, CrashPoint> crashes = m -> CrashPoint.NONE;
    /** What a restarting node reads its disk through: the disk itself, unless a test plants a bug. */
    java.util.function.UnaryOperator<Storage> readAtRestart = disk -> disk;
    /** Called when a node needs a snapshot a peer holds. */
    BiConsumer<Member, Ready.SnapshotNeeded> onSnapshotNeeded = (m, needed) -> { };

    Cluster(Config config, java.util.function.IntFunction<Options> options) {
        this.initial = Membership.initial(config);
        for (int id : config.members()) {
            members.put(id, new Member(id, options.apply(id), initial));
        }
    }

    /** A node that is not (yet) in the membership: it joins by a reconfiguration. */
    Member addNode(int id, Options options) {
        Member member = new Member(id, options, initial);
        members.put(id, member);
        return member;
    }

    Member member(int id) {
        Member member = members.get(id);
        if (member == null) {
            throw new IllegalArgumentException("no node " + id);
        }
        return member;
    }

    Node node(int id) {
        Node node = member(id).node;
        if (node == null) {
            throw new IllegalStateException("node " + id + " is down");
        }
        return node;
    }

    List<Member> members() {
        return List.copyOf(members.values());
    }

    List<Member> up() {
        return members.values().stream().filter(Member::isUp).toList();
    }

    // ------------------------------------------------------------------ driving nodes

    void tick(Member member, long clock) {
        member.node.tick(clock);
        process(member);
    }

    void deliver(Message message) {
        Member member = members.get(message.to());
        if (member == null || !member.isUp()) {
            return;
        }
        member.node.step(message);
        process(member);
    }

    void propose(int id, Proposal proposal) {
        invariants.proposed(proposal);
        Member member = member(id);
        member.node.propose(proposal);
        process(member);
    }

    void reconfigure(int id, Reconfiguration reconfiguration) {
        invariants.proposed(reconfiguration.cause());
        Member member = member(id);
        member.node.proposeReconfiguration(reconfiguration);
        process(member);
    }

    void campaign(int id) {
        Member member = member(id);
        member.node.campaign();
        process(member);
    }

    /** The node loses everything but its disk and its application's durable state. */
    void crash(int id) {
        member(id).node = null;
    }

    void restart(int id) {
        Member member = member(id);
        if (member.isUp()) {
            return;
        }
        member.incarnation++;
        Options options = member.options;
        Options reseeded = options.withSeed(options.seed() * 31 + member.incarnation);
        member.node = Node.restart(reseeded, readAtRestart.apply(member.disk), member.app.appliedThrough);
        invariants.restarted(member);
        process(member);
    }

    /** The caller's side of a Ready: persist, send, apply, advance — unless it crashes midway. */
    void process(Member member) {
        while (member.isUp() && member.node.hasReady()) {
            Ready ready = member.node.ready();
            CrashPoint crash = ready.mustPersist() || !ready.messages().isEmpty() ? crashes.apply(member)
                    : CrashPoint.NONE;
            if (crash == CrashPoint.BEFORE_PERSIST) {
                crash(member.id);
                return;
            }
            invariants.persisting(member, ready);
            member.disk.save(ready);
            if (crash == CrashPoint.AFTER_PERSIST) {
                crash(member.id);
                return;
            }
            ready.messages().forEach(network::send);
            if (crash == CrashPoint.AFTER_SEND) {
                crash(member.id);
                return;
            }
            for (Decision decision : ready.decided()) {
                invariants.applying(member, decision);
                member.app.applied.put(decision.slot(), decision.value());
                member.app.appliedThrough = decision.slot();
            }
            member.node.advance(ready);
            for (Ready.SnapshotNeeded needed : ready.snapshotsNeeded()) {
                onSnapshotNeeded.accept(member, needed);
            }
        }
    }

    // ------------------------------------------------------------------ snapshots

    /** The application snapshots everything it applied but the last {@code keep} slots. */
    void compact(Member member, int keep) {
        compactThrough(member, member.app.appliedThrough - keep);
    }

    /**
     * As {@link #compact}, but sparing the slots peers have been reading in the last
     * {@code holdTicks}, as the consensus-service does.
     */
    void compactSparingReaders(Member member, int keep, long holdTicks) {
        compactThrough(member, Math.min(member.app.appliedThrough - keep,
                member.node.lowestSlotReadSince(member.node.now() - holdTicks) - 1));
    }

    private void compactThrough(Member member, long slot) {
        if (!member.isUp() || slot <= member.app.snapshotSlot) {
            return;
        }
        Membership membership = member.node.compact(slot);
        member.app.snapshotSlot = slot;
        member.app.snapshotMembership = membership;
        member.app.snapshotValues = new TreeMap<>(member.app.applied.headMap(slot, true));
        member.disk.snapshot(slot, membership);
    }

    /** Copies {@code from}'s snapshot to {@code to}, as a snapshot transfer between registrars would. */
    boolean transferSnapshot(Member from, Member to) {
        if (from.app.snapshotSlot <= to.app.appliedThrough || !to.isUp()) {
            return false;
        }
        to.app.applied.clear();
        to.app.applied.putAll(from.app.snapshotValues);
        to.app.snapshotValues = new TreeMap<>(from.app.snapshotValues);
        to.app.appliedThrough = from.app.snapshotSlot;
        to.app.snapshotSlot = from.app.snapshotSlot;
        to.app.snapshotMembership = from.app.snapshotMembership;
        to.disk.snapshot(from.app.snapshotSlot, from.app.snapshotMembership);
        invariants.installedSnapshot(to, from.app.snapshotSlot);
        if (from.isUp()) {
            from.node.holdLog(to.id, from.app.snapshotSlot);
        }
        to.node.installSnapshot(from.app.snapshotSlot, from.app.snapshotMembership, from.id);
        process(to);
        return true;
    }

    /** Checks the window invariant at this instant. */
    void checkInstant(long time) {
        List<Integer> believers = new ArrayList<>();
        for (Member member : up()) {
            if (member.node.holdsWindow()) {
                believers.add(member.id);
            }
        }
        invariants.windowHolders(time, believers);
    }
}
