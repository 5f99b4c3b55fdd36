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
        // Ten proposals of 100 bytes each (id and payload).
        assertThat(slotSizes(Options.defaults(1, 1).withMaxBatch(100).withMaxValueBytes(250))).containsExactly(3, 3, 3, 1);
        assertThat(slotSizes(Options.defaults(1, 1).withMaxBatch(100).withMaxValueBytes(1))).containsOnly(1).hasSize(10);
        assertThat(slotSizes(Options.defaults(1, 1).withMaxBatch(2))).containsOnly(2).hasSize(5);
    }

    /** How many proposals each slot holds that a lone node decides for ten proposed before it leads. */
    private static List<Integer> slotSizes(Options options) {
        Node node = Node.create(options.withMaxInflight(100), Config.of(1));
        for (int i = 0; i < 10; i++) {
            node.propose(proposal("p" + i, 98));
        }
        node.campaign();
        List<Integer> sizes = new java.util.ArrayList<>();
        while (node.hasReady()) {
            Ready ready = node.ready();
            ready.decided().forEach(d -> {
                if (d.value() instanceof Value.Batch batch) {
                    sizes.add(batch.proposals().size());
                }
            });
            node.advance(ready);
        }
        return sizes;
    }
}
