package org.numreg.consensus.codec;

import org.junit.jupiter.api.Test;
import org.numreg.paxos.Ballot;
import org.numreg.paxos.Config;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Message;
import org.numreg.paxos.Proposal;
import org.numreg.paxos.Reconfiguration;
import org.numreg.paxos.Value;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecTest {

    /**
     * The exact bytes of every message kind, of slot values and of a membership, as running
     * registrars write and read them (src/test/resources/wire-format-v1.hex). A change of the
     * format fails here first: running registrars could not read it, so it takes a new
     * version byte, and this file changes with it.
     */
    @Test
    void everyKindIsWrittenAsRunningRegistrarsReadIt() throws Exception {
        List<String> golden;
        try (var in = CodecTest.class.getResourceAsStream("/wire-format-v1.hex")) {
            golden = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        HexFormat hex = HexFormat.of();
        List<String> written = new java.util.ArrayList<>();
        for (Message message : everyKindOfMessage()) {
            written.add(hex.formatHex(MessageCodec.encodeMessages(List.of(message))));
        }
        for (Value value : List.of(Value.NOOP, BATCH, RECONFIGURE)) {
            written.add(hex.formatHex(ValueCodec.encodeValue(value)));
        }
        written.add(hex.formatHex(ValueCodec.encodeMembership(MEMBERSHIP)));
        assertThat(written).as("the bytes (one line a message, value or membership)").isEqualTo(golden);
    }

    private static final Ballot B = new Ballot(7, 2);
    private static final Proposal P = new Proposal("r1/cmd-1", "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
    private static final Value BATCH = new Value.Batch(1_700_000_000_000L, List.of(P, new Proposal("r2/c", new byte[0])));
    private static final Config FOUR = new Config(new TreeSet<>(List.of(1, 2, 3, 4)), new TreeSet<>(List.of(5)));
    private static final Value RECONFIGURE = new Value.Reconfigure(5L, FOUR, P);
    private static final Membership MEMBERSHIP = Membership.of(Map.of(1L, Config.of(1, 2, 3), 40L, FOUR));

    /** One message of each kind, each field set. */
    private static List<Message> everyKindOfMessage() {
        return List.of(
                new Message.Probe(1, 2, B, 10),
                new Message.WouldPromise(2, 1, B),
                new Message.Prepare(1, 2, B, 10, 99),
                new Message.Promise(2, 1, B, 99, 9, List.of(new Message.SlotReport(10, null, BATCH),
                        new Message.SlotReport(11, new Ballot(6, 1), Value.NOOP),
                        new Message.SlotReport(12, new Ballot(6, 3), RECONFIGURE))),
                new Message.Reject(3, 1, B, Message.Refusal.OUTDATED, new Ballot(8, 3), 0),
                new Message.Reject(3, 1, B, Message.Refusal.WINDOW_HELD, new Ballot(8, 3), 4),
                new Message.Reject(3, 1, B, Message.Refusal.BEHIND, new Ballot(8, 3), 400),
                new Message.Accept(1, 2, B, 13, new Value.Reconfigure(6L, FOUR, null), 100),
                new Message.Accepted(2, 1, B, 13, 100, 12),
                new Message.Commit(1, 3, B, 13, 101),
                new Message.CommitAck(3, 1, B, 101, 13),
                new Message.LearnRequest(3, 1, 5),
                new Message.Learn(1, 3, List.of(new Decision(5, BATCH), new Decision(6, Value.NOOP)), 13, 1),
                new Message.SnapshotNeeded(1, 3, 1000),
                new Message.Forward(2, 1, List.of(P), List.of(new Reconfiguration(P, new Reconfiguration.Change.AddLearner(5)),
                        new Reconfiguration(P, new Reconfiguration.Change.Remove(3)))));
    }

    @Test
    void everyMessageAndValueReadsBackAsWritten() {
        List<Message> messages = everyKindOfMessage();
        assertThat(MessageCodec.decodeMessages(MessageCodec.encodeMessages(messages))).isEqualTo(messages);
        for (Value value : List.of(Value.NOOP, BATCH, RECONFIGURE)) {
            assertThat(ValueCodec.decodeValue(ValueCodec.encodeValue(value))).isEqualTo(value);
        }
        assertThat(ValueCodec.decodeMembership(ValueCodec.encodeMembership(MEMBERSHIP))).isEqualTo(MEMBERSHIP);
    }


    @Test
    void malformedBytesAreRefused() {
        assertThatThrownBy(() -> MessageCodec.decodeMessages(new byte[] {9, 0, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
        byte[] valid = MessageCodec.encodeMessages(List.of(new Message.LearnRequest(1, 2, 3)));
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 2);
        assertThatThrownBy(() -> MessageCodec.decodeMessages(truncated)).isInstanceOf(IllegalArgumentException.class);
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
        List<byte[]> bodies = MessageCodec.encodeMessages(messages, 8 * 1024);

        assertThat(bodies.size()).isGreaterThan(4);
        assertThat(bodies).allMatch(body -> body.length <= 8 * 1024);
        assertThat(bodies.stream().flatMap(body -> MessageCodec.decodeMessages(body).stream()).toList())
                .isEqualTo(messages);
        assertThat(MessageCodec.encodeMessages(messages.subList(0, 1), 10)).hasSize(1);
    }
}
