package org.numreg.paxos;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.numreg.paxos.Script.from;
import static org.numreg.paxos.Script.holds;
import static org.numreg.paxos.Script.ofType;
import static org.numreg.paxos.Script.to;
import static org.numreg.paxos.Script.value;

/**
 * The classic interleavings, replayed message by message. References: L. Lamport, "Paxos Made
 * Simple" (2001), §2.2–2.3 (safety of the choosing of a value) and §3 (the state machine, gaps
 * filled by no-ops); R. van Renesse and D. Altinbuken, "Paxos Made Moderately Complex" (2015),
 * for leaders that run phase 1 once for all slots.
 */
class ScriptedScenariosTest {

    // ------------------------------------------------------------ the five failure cases of the seed

    @Test
    void proposerThatDiesBeforeItsPrepareLeavesNoTrace() {
        Script s = new Script(3, 8);
        s.elect(1);
        s.cluster.propose(1, value("a"));
        s.deliverAll();
        s.cluster.crash(1);
        s.drop(m -> true);
        s.tick(Script.WINDOW);
        // Node 2 campaigns, but dies before its PREPARE leaves; it comes back soon after.
        s.cluster.campaign(2);
        s.drop(from(2));
        s.cluster.crash(2);
        s.cluster.restart(2);
        s.run(Script.WINDOW + 3 * Script.ELECTION);
        int leader = s.leader();
        assertThat(leader).isIn(2, 3);
        s.cluster.propose(leader, value("b"));
        s.run(5);
        assertThat(holds(s.applied(3, 1), "a")).isTrue();
        assertThat(holds(s.applied(3, 2), "b")).isTrue();
        assertThat(s.node(3).promised()).isEqualTo(s.node(leader).promised());
    }

    @Test
    void proposerThatDiesAfterItsPrepareIsReplacedOnceTheWindowItWasGrantedExpires() {
        Script s = new Script(3, 8);
        s.cluster.campaign(1);
        s.deliverWhile(ofType(Message.Prepare.class));
        s.cluster.crash(1); // promised by 2 and 3, which granted it the window; it never learns
        s.drop(to(1));
        s.cluster.campaign(2);
        s.deliverAll();
        assertThat(s.node(2).role()).as("node 3 refuses while node 1's window runs").isNotEqualTo(Node.Role.LEADER);
        s.run(Script.WINDOW + 2 * Script.ELECTION);
        assertThat(s.leader()).isIn(2, 3);
        int leader = s.leader();
        s.cluster.propose(leader, value("x"));
        s.run(5);
        assertThat(holds(s.applied(2, 1), "x")).isTrue();
        assertThat(holds(s.applied(3, 1), "x")).isTrue();
    }

    @Test
    void valueAcceptedByAMajoritySurvivesItsLeadersDeath() {
        Script s = new Script(3, 8);
        s.elect(1);
        s.cluster.propose(1, value("x"));
        // Both acceptors accept; their ACCEPTED replies are lost with the leader.
        s.deliverWhile(ofType(Message.Accept.class));
        s.cluster.crash(1);
        s.drop(m -> true);
        assertThat(s.appliedThrough(2)).isZero();
        s.run(Script.WINDOW + 3 * Script.ELECTION);
        int leader = s.leader();
        assertThat(leader).isIn(2, 3);
        assertThat(holds(s.applied(2, 1), "x")).as("the new leader re-proposes what a quorum accepted").isTrue();
        assertThat(holds(s.applied(3, 1), "x")).isTrue();
    }

    @Test
    void decisionBroadcastBeforeTheLeaderDiesIsKeptEverywhere() {
        Script s = new Script(3, 8);
        s.elect(1);
        s.cluster.propose(1, value("x"));
        s.deliverWhile(ofType(Message.Accept.class).or(ofType(Message.Accepted.class)));
        // Node 1 decided and now broadcasts COMMIT; it dies as the messages leave.
        assertThat(holds(s.applied(1, 1), "x")).isTrue();
        s.cluster.crash(1);
        s.deliverWhile(ofType(Message.Commit.class));
        assertThat(holds(s.applied(2, 1), "x")).isTrue();
        assertThat(holds(s.applied(3, 1), "x")).isTrue();
        s.drop(m -> true);
        s.run(Script.WINDOW + 3 * Script.ELECTION);
        s.cluster.restart(1);
        s.cluster.propose(s.leader(), value("y"));
        s.run(10);
        for (int node = 1; node <= 3; node++) {
            assertThat(holds(s.applied(node, 1), "x")).isTrue();
            assertThat(holds(s.applied(node, 2), "y")).isTrue();
        }
    }

    @Test
    void valueThatReachedOnlyAMinoritySurvivesOnlyIfTheNextQuorumSawIt() {
        // Five nodes, batching off: leader 1 proposes x (slot 1) and z (slot 2). x reaches only
        // node 2, z only node 3: both minorities. Then node 1 dies.
        for (boolean nextQuorumIncludesNode2 : List.of(false, true)) {
            Script s = new Script(5, 1);
            s.elect(1);
            s.cluster.propose(1, value("x"));
            s.cluster.propose(1, value("z"));
            s.deliverWhile(m -> m instanceof Message.Accept a && (a.slot() == 1 ? a.to() == 2 : a.to() == 3));
            s.cluster.crash(1);
            s.drop(m -> true);
            if (!nextQuorumIncludesNode2) {
                s.cluster.crash(2);
            }
            s.run(Script.WINDOW + 3 * Script.ELECTION);
            int leader = s.leader();
            assertThat(leader).isNotZero();
            s.cluster.propose(leader, value("y"));
            s.run(10);
            assertThat(holds(s.applied(leader, 2), "z")).as("node 3 reported z: it is re-proposed").isTrue();
            if (nextQuorumIncludesNode2) {
                assertThat(holds(s.applied(leader, 1), "x")).as("node 2 reported x: it is re-proposed").isTrue();
            } else {
                assertThat(s.applied(leader, 1)).as("nobody in the new quorum saw x: the gap is a no-op")
                        .isEqualTo(Value.NOOP);
            }
            assertThat(holds(s.applied(leader, 3), "y")).isTrue();
        }
    }

    // ------------------------------------------------------------ the leadership window

    @Test
    void acceptorRefusesOtherPreparesWhileTheWindowRunsAndPromisesAfter() {
        Script s = new Script(3, 8);
        s.elect(1);
        s.cluster.crash(1);
        s.drop(m -> true);
        s.cluster.campaign(2);
        s.deliverAll();
        assertThat(s.node(2).role()).isNotEqualTo(Node.Role.LEADER);
        assertThat(s.node(3).promised().node()).as("node 3 still promises node 1's ballot").isEqualTo(1);
        s.tick(Script.WINDOW);
        s.drop(m -> true);
        s.cluster.campaign(2);
        s.deliverAll();
        assertThat(s.node(2).role()).isEqualTo(Node.Role.LEADER);
    }

    @Test
    void restartedAcceptorRefusesPreparesForAWindowBecauseItMayHaveGrantedOneBeforeItsCrash() {
        Script s = new Script(3, 8);
        s.elect(1);
        // Node 1 can reach only node 2: its window rests on node 2's promise.
        s.cluster.crash(2);
        s.cluster.restart(2);
        s.drop(m -> true);
        s.cluster.campaign(3);
        s.deliverWhile(ofType(Message.Prepare.class).and(to(2)).or(ofType(Message.Reject.class)));
        assertThat(s.node(3).role()).as("node 2 must not promise: node 1 may still hold its window")
                .isNotEqualTo(Node.Role.LEADER);
        assertThat(s.node(2).promised().node()).isEqualTo(1);
    }

    @Test
    void leaderThatCannotReachAQuorumStepsDownWhenItsWindowEnds() {
        Script s = new Script(3, 8);
        s.elect(1);
        for (int i = 0; i < Script.WINDOW + 2; i++) {
            s.tick(1);
            s.drop(from(1).or(to(1)));
        }
        assertThat(s.node(1).role()).isNotEqualTo(Node.Role.LEADER);
        assertThat(s.node(1).holdsWindow()).isFalse();
    }

    @Test
    void staleLeadersAcceptIsRefusedAfterAHigherPromiseAndTheStaleLeaderStepsDown() {
        Script s = new Script(3, 8);
        s.elect(1);
        s.cluster.propose(1, value("old"));
        List<Message> stale = new ArrayList<>(s.inFlight.stream().filter(ofType(Message.Accept.class)).toList());
        s.drop(m -> true);
        // Node 1 is cut off; node 2 takes over after the window.
        for (int i = 0; i < Script.WINDOW + 3 * Script.ELECTION && s.leader() != 2; i++) {
            s.tick(1);
            s.drop(from(1).or(to(1)));
            if (s.node(2).role() == Node.Role.FOLLOWER && s.node(2).promised().node() != 2 && i > Script.WINDOW) {
                s.cluster.campaign(2);
            }
            s.deliverWhile(from(1).negate().and(to(1).negate()));
        }
        assertThat(s.leader()).isEqualTo(2);
        s.cluster.propose(2, value("new"));
        s.deliverWhile(from(1).negate().and(to(1).negate()));
        // The old leader's ACCEPT arrives late.
        stale.stream().filter(to(3)).forEach(s.cluster::deliver);
        assertThat(s.inFlight).anyMatch(m -> m instanceof Message.Reject r && r.to() == 1
                && r.refusal() == Message.Refusal.OUTDATED);
        s.deliverAll();
        assertThat(s.node(1).role()).isEqualTo(Node.Role.FOLLOWER);
        s.run(5);
        for (int node = 1; node <= 3; node++) {
            assertThat(s.applied(node, 1)).isEqualTo(s.applied(2, 1));
        }
    }

    // ------------------------------------------------------------ no duelling proposers

    @Test
    void everyNodeCampaigningAtOnceStillYieldsOneLeaderQuickly() {
        int worst = 0;
        for (int nodes : List.of(3, 5)) {
            for (long seed = 1; seed <= 200; seed++) {
                Simulated run = new Simulated(nodes, seed);
                int ticks = run.ticksUntilOneLeaderDecides();
                worst = Math.max(worst, ticks);
                if (ticks > 4 * Script.ELECTION) {
                    System.out.println("slow: seed " + seed + " nodes " + nodes + " ticks " + ticks);
                }
                assertThat(ticks).as("seed %d, %d nodes", seed, nodes).isLessThanOrEqualTo(8 * Script.ELECTION);
            }
        }
        System.out.printf("all nodes campaigning at once: a leader decided within %d ticks in the worst of 400 runs%n",
                worst);
    }

    /** Every node campaigns at tick 0; messages arrive after random delays. */
    private static final class Simulated {
        private final SimulatedNetwork network;
        private final Cluster cluster;

        Simulated(int nodes, long seed) {
            Integer[] ids = new Integer[nodes];
            for (int i = 0; i < nodes; i++) {
                ids[i] = i + 1;
            }
            network = new SimulatedNetwork(new java.util.SplittableRandom(seed));
            network.maxDelay = 3;
            cluster = new Cluster(Config.of(ids), id -> Options.defaults(id, seed * 100 + id)
                    .withTicks(2, 10, 20).withMaxBatch(8).withMaxLearnBatch(8).withMaxPromiseLag(64));
            cluster.network = network;
        }

        int ticksUntilOneLeaderDecides() {
            cluster.up().forEach(m -> cluster.campaign(m.id));
            cluster.propose(1, value("v"));
            for (int tick = 1; tick <= 1000; tick++) {
                network.now = tick;
                for (Cluster.Member member : cluster.up()) {
                    cluster.tick(member, tick);
                }
                cluster.checkInstant(tick);
                for (Message m; (m = network.nextDue(tick)) != null; ) {
                    cluster.deliver(m);
                    cluster.checkInstant(tick);
                }
                if (!cluster.invariants.chosen.isEmpty()) {
                    return tick;
                }
            }
            return Integer.MAX_VALUE;
        }
    }

    // ------------------------------------------------------------ forwarding, batching, pipelining

    @Test
    void followersForwardProposalsAndTheySurviveALeaderChange() {
        Script s = new Script(3, 8);
        s.elect(1);
        s.cluster.propose(3, value("via-3"));
        s.drop(ofType(Message.Accept.class)); // the leader took it but its ACCEPTs are lost
        s.deliverWhile(ofType(Message.Forward.class));
        s.drop(m -> true);
        s.cluster.crash(1);
        s.run(Script.WINDOW + 4 * Script.ELECTION);
        assertThat(s.leader()).isIn(2, 3);
        assertThat(s.cluster.invariants.chosen.values()).anyMatch(v -> holds(v, "via-3"));
    }

    @Test
    void batchingPutsManyProposalsInOneSlotAndPipeliningKeepsSeveralSlotsInFlight() {
        Script s = new Script(3, 8);
        s.elect(1);
        for (int i = 0; i < 40; i++) {
            s.cluster.propose(1, value("v" + i));
        }
        long slotsInFlight = s.inFlight.stream().filter(ofType(Message.Accept.class)).map(m -> ((Message.Accept) m).slot())
                .distinct().count();
        assertThat(slotsInFlight).isEqualTo(Script.INFLIGHT);
        s.run(10);
        // The first four went alone while the pipeline had room; the 36 that waited, 8 per slot.
        assertThat(s.appliedThrough(2)).isEqualTo(Script.INFLIGHT + 5);
        assertThat(((Value.Batch) s.applied(2, Script.INFLIGHT + 1)).proposals()).hasSize(8);

        Script unbatched = new Script(3, 1);
        unbatched.elect(1);
        for (int i = 0; i < 40; i++) {
            unbatched.cluster.propose(1, value("v" + i));
        }
        unbatched.run(30);
        assertThat(unbatched.appliedThrough(2)).isEqualTo(40);
    }

    // ------------------------------------------------------------ learning, snapshots, restarts

    @Test
    void nodeThatMissedDecisionsAsksForThem() {
        Script s = new Script(3, 1);
        s.elect(1);
        for (int i = 0; i < 10; i++) {
            s.cluster.propose(1, value("v" + i));
            s.deliverWhile(to(3).negate());
            s.drop(to(3));
        }
        assertThat(s.appliedThrough(3)).isZero();
        s.run(5);
        assertThat(s.appliedThrough(3)).isEqualTo(10);
    }

    @Test
    void nodeBehindTheOthersCompactedLogInstallsASnapshotThenTheTail() {
        Script s = nodeThreeDownWhileTheOthersDecide30AndCompactThrough25();
        List<Ready.SnapshotNeeded> asked = new ArrayList<>();
        s.cluster.onSnapshotNeeded = (member, needed) -> {
            asked.add(needed);
            s.cluster.transferSnapshot(s.cluster.member(needed.peer()), member);
        };
        s.cluster.restart(3);
        s.run(10);
        assertThat(asked).isNotEmpty().allMatch(n -> n.slot() == 25);
        assertThat(s.appliedThrough(3)).isEqualTo(30);
        assertThat(s.applied(3, 30)).isEqualTo(s.applied(1, 30));
    }

    @Test
    void nodeThatInstalledASnapshotLearnsTheTailFromItsSourceWhileTheOthersCompactPastIt() {
        Script s = nodeThreeDownWhileTheOthersDecide30AndCompactThrough25();
        List<Ready.SnapshotNeeded> asked = new ArrayList<>();
        s.cluster.onSnapshotNeeded = (member, needed) -> {
            asked.add(needed);
            s.cluster.transferSnapshot(s.cluster.member(2), member); // node 2 sends it, whoever was asked
        };
        s.cluster.restart(3);
        for (int tick = 0; tick < 10 && asked.isEmpty(); tick++) {
            s.tick(1);
            s.deliverWhile(m -> asked.isEmpty());
        }
        assertThat(asked).hasSize(1);
        // Before node 3 asks node 2 for the slots after the snapshot, both go on deciding and
        // compacting: node 1 everything, node 2 sparing what node 3 is about to read.
        for (int i = 30; i < 50; i++) {
            s.cluster.propose(1, value("v" + i));
            s.deliverWhile(to(3).negate().and(from(3).negate()));
        }
        s.cluster.compact(s.cluster.member(1), 0);
        s.cluster.compactSparingReaders(s.cluster.member(2), 0, 100);
        assertThat(s.node(2).snapshotSlot()).as("node 2 holds the slots after its snapshot").isEqualTo(25);
        s.cluster.propose(1, value("v50"));
        s.run(20);
        assertThat(asked).as("no second snapshot").hasSize(1);
        assertThat(s.appliedThrough(3)).isEqualTo(51);
        assertThat(s.applied(3, 51)).isEqualTo(s.applied(1, 51));
    }

    /**
     * A node behind the others' compacted log cannot lead, and while it waits for a snapshot it
     * must not hold up the election of one that can: the leader is cut off, and the other
     * up-to-date node takes over within the time a healthy cluster takes.
     */
    @Test
    void nodeWaitingForASnapshotDoesNotHoldUpTheElectionOfAnother() {
        int worst = 0;
        List<String> slow = new ArrayList<>();
        for (long seed = 1; seed <= 200; seed++) {
            Script s = new Script(3, 1, seed);
            s.elect(1);
            // Node 3 is cut off while the others decide 30 slots and compact through 25.
            for (int i = 0; i < 30; i++) {
                s.cluster.propose(1, value("v" + i));
                s.deliverWhile(to(3).negate().and(from(3).negate()));
            }
            s.drop(to(3).or(from(3)));
            s.cluster.compact(s.cluster.member(1), 5);
            s.cluster.compact(s.cluster.member(2), 5);
            // Its links heal, but the snapshot it asks for never comes (no quorum confirms it
            // once node 1 is gone): node 1, the leader, is cut off.
            s.run(2 * Script.HEARTBEAT);
            int ticks = 0;
            while (s.node(2).role() != Node.Role.LEADER && ticks < 50 * Script.ELECTION) {
                s.tick(1);
                s.drop(to(1).or(from(1)));
                s.deliverWhile(to(1).negate().and(from(1).negate()));
                s.drop(to(1).or(from(1)));
                ticks++;
            }
            worst = Math.max(worst, ticks);
            if (ticks > Script.WINDOW + 2 * Script.ELECTION + 2) {
                slow.add("seed " + seed + ": " + ticks + " ticks");
            }
        }
        System.out.printf("a node behind the compacted log: the other node led within %d ticks in the worst of 200 runs%n",
                worst);
        assertThat(slow).as("runs slower than a window and the longest election timeout").isEmpty();
    }

    private static Script nodeThreeDownWhileTheOthersDecide30AndCompactThrough25() {
        Script s = new Script(3, 1);
        s.elect(1);
        s.cluster.crash(3);
        for (int i = 0; i < 30; i++) {
            s.cluster.propose(1, value("v" + i));
            s.deliverAll();
        }
        s.cluster.compact(s.cluster.member(1), 5);
        s.cluster.compact(s.cluster.member(2), 5);
        return s;
    }

    @Test
    void aReaderThatStopsAdvancingStopsHoldingTheLog() {
        LogReaders readers = new LogReaders();
        readers.hold(3, 26, 0);
        readers.asked(4, 40, 5);
        assertThat(readers.lowestReadSince(0)).isEqualTo(26);
        readers.asked(3, 26, 50); // asking the same slots again does not renew the hold
        assertThat(readers.lowestReadSince(1)).isEqualTo(40);
        readers.asked(3, 90, 60); // advancing does
        assertThat(readers.lowestReadSince(6)).isEqualTo(90);
        assertThat(readers.lowestReadSince(61)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void restartedNodeRecoversItsPromiseAndAcceptedValuesAndReappliesWhatItHadNotApplied() {
        Script s = new Script(3, 1);
        s.elect(1);
        s.cluster.propose(1, value("a"));
        s.deliverAll();
        Ballot promised = s.node(2).promised();
        s.cluster.crash(2);
        s.cluster.member(2).app.appliedThrough = 0; // as if the application lost its last apply
        s.cluster.member(2).app.applied.clear();
        s.cluster.restart(2);
        assertThat(s.node(2).promised()).isEqualTo(promised);
        assertThat(holds(s.applied(2, 1), "a")).isTrue();
    }

    // ------------------------------------------------------------ membership

    @Test
    void newNodeJoinsAsLearnerIsPromotedOnceCaughtUpAndThenCountsInQuorums() {
        Script s = new Script(3, 1);
        s.elect(1);
        for (int i = 0; i < 5; i++) {
            s.cluster.propose(1, value("v" + i));
        }
        s.run(3);
        s.cluster.addNode(4, Script.options(4, 1));
        s.cluster.reconfigure(1, new Reconfiguration(value("add-4"),
                new Reconfiguration.Change.AddLearner(4)));
        s.run(20);
        assertThat(s.node(1).membership().latest().voters()).as("promoted once caught up").containsExactly(1, 2, 3, 4);
        for (int i = 0; i < Script.INFLIGHT; i++) {
            s.cluster.propose(1, value("after" + i));
            s.run(3);
        }
        Config config = s.node(1).membership().at(s.node(1).decidedThrough() + 1);
        assertThat(config.voters()).as("governing " + Script.INFLIGHT + " slots after").containsExactly(1, 2, 3, 4);
        assertThat(config.quorum()).isEqualTo(3);
        assertThat(s.appliedThrough(4)).isEqualTo(s.appliedThrough(1));
        // With 4 voters, two of them are not a quorum any more.
        s.cluster.crash(3);
        s.cluster.crash(4);
        s.cluster.propose(1, value("needs-three"));
        s.run(10);
        assertThat(s.cluster.invariants.chosen.values()).noneMatch(v -> holds(v, "needs-three"));
    }

    @Test
    void aLearnerThatNeverAnswersStaysALearnerHoweverShortTheLog() {
        Script s = new Script(3, 1);
        s.elect(1);
        s.cluster.addNode(4, Script.options(4, 1));
        s.cluster.crash(4); // added, never heard of
        s.cluster.reconfigure(1, new Reconfiguration(value("add-4"), new Reconfiguration.Change.AddLearner(4)));
        s.run(30);
        assertThat(s.node(1).membership().latest().learners()).containsExactly(4);
        assertThat(s.node(1).membership().latest().voters()).containsExactly(1, 2, 3);
    }

    @Test
    void removedNodeNoLongerCountsAndARemovedLeaderStepsDown() {
        Script s = new Script(3, 1);
        s.elect(1);
        s.cluster.reconfigure(2, new Reconfiguration(value("remove-1"), new Reconfiguration.Change.Remove(1)));
        s.run(5);
        for (int i = 0; i < Script.INFLIGHT + 1; i++) {
            s.cluster.propose(2, value("fill" + i));
            s.run(2);
        }
        s.run(Script.WINDOW + 4 * Script.ELECTION);
        assertThat(s.leader()).isIn(2, 3);
        Config config = s.node(2).membership().latest();
        assertThat(config.voters()).containsExactly(2, 3);
        s.cluster.propose(s.leader(), value("two-voters"));
        s.run(5);
        assertThat(s.cluster.invariants.chosen.values()).anyMatch(v -> holds(v, "two-voters"));
    }
}
