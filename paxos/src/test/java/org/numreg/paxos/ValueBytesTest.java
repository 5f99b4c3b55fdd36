package org.numreg.paxos;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Options.maxValueBytes bounds what one message carries, so that a transport can bound it too. */
class ValueBytesTest {

    private static Proposal proposal(String id, int bytes) {
        return new Proposal(id, "x".repeat(bytes).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValueWeighsItsProposalsIdsAndPayloads() {
        assertThat(Value.sizeOf(new Value.Batch(1, List.of(proposal("a", 10), proposal("bc", 20))))).isEqualTo(33);
        assertThat(Value.sizeOf(Value.NOOP)).isZero();
    }

    @Test
    void aBatchStopsGrowingOnceItWeighsTheLimitButTakesAtLeastOne() {
        Leadership leadership = new Leadership(1, new Ballot(1, 1), java.util.Set.of(1), 0, new RecentIds(16));
        for (int i = 0; i < 10; i++) {
            leadership.enqueue(proposal("p" + i, 98));
        }
        assertThat(leadership.takeBatch(100, 250)).extracting(Proposal::id).containsExactly("p0", "p1", "p2");
        assertThat(leadership.takeBatch(100, 1)).extracting(Proposal::id).containsExactly("p3");
        assertThat(leadership.takeBatch(2, 10_000)).extracting(Proposal::id).containsExactly("p4", "p5");
    }
}
