package org.numreg.consensus;

import org.junit.jupiter.api.Test;
import org.numreg.consensus.transport.WireFormat;
import org.numreg.paxos.Ballot;
import org.numreg.paxos.Config;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Message;
import org.numreg.paxos.Proposal;
import org.numreg.paxos.Reconfiguration;
import org.numreg.paxos.Value;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {

    @Test
    void everyMessageAndValueReadsBackAsWritten() {
        Ballot b = new Ballot(7, 2);
        Proposal p = new Proposal("r1/cmd-1", "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
        Value batch = new Value.Batch(1_700_000_000_000L, List.of(p, new Proposal("r2/c", new byte[0])));
        Config four = new Config(new TreeSet<>(List.of(1, 2, 3, 4)), new TreeSet<>(List.of(5)));
        Value reconfigure = new Value.Reconfigure(5L, four, p);
        List<Message> messages = List.of(
                new Message.Probe(1, 2, b, 10),
                new Message.WouldPromise(2, 1, b),
                new Message.Prepare(1, 2, b, 10, 99),
                new Message.Promise(2, 1, b, 99, 9, List.of(new Message.SlotReport(10, null, batch),
                        new Message.SlotReport(11, new Ballot(6, 1), Value.NOOP),
                        new Message.SlotReport(12, new Ballot(6, 3), reconfigure))),
                new Message.Reject(3, 1, b, Message.Refusal.WINDOW_HELD, new Ballot(8, 3), 4),
                new Message.Accept(1, 2, b, 13, new Value.Reconfigure(6L, four, null), 100),
                new Message.Accepted(2, 1, b, 13, 100, 12),
                new Message.Commit(1, 3, b, 13, 101),
                new Message.CommitAck(3, 1, b, 101, 13),
                new Message.LearnRequest(3, 1, 5),
                new Message.Learn(1, 3, List.of(new Decision(5, batch), new Decision(6, Value.NOOP)), 13, 1),
                new Message.SnapshotNeeded(1, 3, 1000),
                new Message.Forward(2, 1, List.of(p), List.of(new Reconfiguration(p, new Reconfiguration.Change.AddLearner(5)),
                        new Reconfiguration(p, new Reconfiguration.Change.Remove(3)))));
        assertThat(WireFormat.decodeMessages(WireFormat.encodeMessages(messages))).isEqualTo(messages);
        Membership membership = Membership.of(Map.of(1L, Config.of(1, 2, 3), 40L, four));
        assertThat(WireFormat.decodeMembership(WireFormat.encodeMembership(membership))).isEqualTo(membership);
    }

    @Test
    void malformedBytesAreRefused() {
        assertThatThrownBy(() -> WireFormat.decodeMessages(new byte[] {9, 0, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
        byte[] valid = WireFormat.encodeMessages(List.of(new Message.LearnRequest(1, 2, 3)));
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 2);
        assertThatThrownBy(() -> WireFormat.decodeMessages(truncated)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A peer's body limit is finite: a heavy batch goes as several bodies, in order. */
    @Test
    void aHeavyBatchIsSplitIntoBodiesUnderTheLimitInOrder() {
        Ballot b = new Ballot(7, 1);
        List<Message> messages = new java.util.ArrayList<>();
        for (int slot = 1; slot <= 40; slot++) {
            Value value = new Value.Batch(slot, List.of(new Proposal("r1/c" + slot, new byte[1000])));
            messages.add(new Message.Accept(1, 2, b, slot, value, slot));
        }
        List<byte[]> bodies = WireFormat.encodeMessages(messages, 8 * 1024);

        assertThat(bodies.size()).isGreaterThan(4);
        assertThat(bodies).allMatch(body -> body.length <= 8 * 1024);
        assertThat(bodies.stream().flatMap(body -> WireFormat.decodeMessages(body).stream()).toList())
                .isEqualTo(messages);
        assertThat(WireFormat.encodeMessages(messages.subList(0, 1), 10)).hasSize(1);
    }
}
