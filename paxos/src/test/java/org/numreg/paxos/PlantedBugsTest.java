package org.numreg.paxos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.NavigableMap;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulation would notice a broken node: with a bug planted, it finds a violation of the
 * invariants within a bounded number of seeds (a CI-sized budget). The bugs are planted around
 * the node (its disk, its messages) so that the core holds no hook for them: a promise lost at a
 * restart, a leader that does not learn what phase 1 should tell it, a quorum of ⌊N/2⌋ votes.
 */
class PlantedBugsTest {

    private static final int BUDGET = 1500;

    @Test
    void anAcceptorThatForgetsItsPromiseAtARestartIsCaught() {
        long seed = firstViolatingSeed(cluster -> cluster.readAtRestart = PlantedBugsTest::forgettingThePromise);
        System.out.println("planted bug 'forgets its promise at a restart' found at seed " + seed);
    }

    @Test
    void aLeaderThatSkipsPhaseOneForASlotIsCaught() {
        long seed = firstViolatingSeed(cluster -> network(cluster).tamper = PlantedBugsTest::withoutTheFirstOpenSlot);
        System.out.println("planted bug 'skips phase 1 for a slot' found at seed " + seed);
    }

    @Test
    void aQuorumOfHalfTheVotersIsCaught() {
        long seed = firstViolatingSeed(cluster -> network(cluster).tamper = PlantedBugsTest::countingTheLowestOtherVoter);
        System.out.println("planted bug 'a quorum of N/2' found at seed " + seed);
    }

    private static SimulatedNetwork network(Cluster cluster) {
        return (SimulatedNetwork) cluster.network;
    }

    /**
     * A new leader that never learns what was accepted in the first slot it must recover: as if
     * it skipped phase 1 there and proposed afresh.
     */
    private static List<Message> withoutTheFirstOpenSlot(Message message) {
        if (message instanceof Message.Promise p) {
            return List.of(new Message.Promise(p.from(), p.to(), p.ballot(), p.sentAt(), p.decidedThrough(),
                    p.slots().stream().filter(r -> r.decided() || r.slot() != p.decidedThrough() + 1).toList()));
        }
        return List.of(message);
    }

    /**
     * Whoever asks node 1 (or node 2, if it is node 1) for a promise or an acceptance counts it
     * as given, whatever it answers: ⌊N/2⌋ real votes make a quorum.
     */
    private static List<Message> countingTheLowestOtherVoter(Message message) {
        int counted = message.from() == 1 ? 2 : 1;
        return switch (message) {
            case Message.Prepare m when m.to() == counted -> List.of(m, new Message.Promise(counted, m.from(), m.ballot(),
                    m.sentAt(), m.fromSlot() - 1, List.of()));
            case Message.Accept m when m.to() == counted -> List.of(m, new Message.Accepted(counted, m.from(), m.ballot(),
                    m.slot(), m.sentAt(), 0));
            default -> List.of(message);
        };
    }

    /** The first seed whose run, with {@code bug} planted, breaks an invariant; fails if none within the budget. */
    private static long firstViolatingSeed(Consumer<Cluster> bug) {
        for (long seed = 1; seed <= BUDGET; seed++) {
            try {
                new Simulation(Simulation.Scenario.of(seed)).planting(bug).run();
            } catch (Invariants.Violation violation) {
                assertThat(violation.getMessage()).as("a safety violation, not a slow run").doesNotStartWith("liveness");
                System.out.println("  seed " + seed + ": " + violation.getMessage());
                return seed;
            }
        }
        throw new AssertionError("no violation within " + BUDGET + " seeds: the simulation would miss this bug");
    }

    /** A disk read as if the promise had never been written (the acceptor's durable promise lost). */
    private static Storage forgettingThePromise(Storage disk) {
        return new Storage() {
            public Ballot promised() {
                return Ballot.ZERO;
            }

            public NavigableMap<Long, Ready.AcceptedValue> accepted() {
                return disk.accepted();
            }

            public long snapshotSlot() {
                return disk.snapshotSlot();
            }

            public Membership snapshotMembership() {
                return disk.snapshotMembership();
            }

            public NavigableMap<Long, Value> decided() {
                return disk.decided();
            }
        };
    }
}
