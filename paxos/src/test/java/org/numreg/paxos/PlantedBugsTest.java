package org.numreg.paxos;

import org.junit.jupiter.api.Test;

import java.util.NavigableMap;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulation would notice a broken node: with a bug planted, it finds a violation of the
 * invariants within a bounded number of seeds (a CI-sized budget).
 */
class PlantedBugsTest {

    private static final int BUDGET = 1500;

    @Test
    void anAcceptorThatForgetsItsPromiseAtARestartIsCaught() {
        long seed = firstViolatingSeed(cluster -> cluster.readAtRestart = PlantedBugsTest::forgettingThePromise);
        System.out.println("planted bug 'forgets its promise at a restart' found at seed " + seed);
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
