package org.numreg.consensus.codec;

import org.numreg.paxos.Ballot;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Message;
import org.numreg.paxos.Proposal;
import org.numreg.paxos.Reconfiguration;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.numreg.consensus.codec.ValueCodec.readBallot;
import static org.numreg.consensus.codec.ValueCodec.readProposal;
import static org.numreg.consensus.codec.ValueCodec.readValue;
import static org.numreg.consensus.codec.ValueCodec.writeBallot;
import static org.numreg.consensus.codec.ValueCodec.writeProposal;
import static org.numreg.consensus.codec.ValueCodec.writeValue;

/**
 * The binary form of a batch of Paxos messages between registrars: the version byte, the count,
 * the messages (values inside them in {@link ValueCodec}'s form). Every registrar must read what
 * every other writes, so a change here is a protocol change (the golden bytes in
 * src/test/resources/wire-format-v1.hex fail first).
 */
public final class MessageCodec {

    // The kinds of message and of membership change: fixed codes, not an order anything else decides.
    static final byte PREPARE = 1;
    static final byte PROMISE = 2;
    static final byte REJECT = 3;
    static final byte ACCEPT = 4;
    static final byte ACCEPTED = 5;
    static final byte COMMIT = 6;
    static final byte COMMIT_ACK = 7;
    static final byte LEARN_REQUEST = 8;
    static final byte LEARN = 9;
    static final byte SNAPSHOT_NEEDED = 10;
    static final byte FORWARD = 11;
    static final byte PROBE = 12;
    static final byte WOULD_PROMISE = 13;
    static final byte ADD_LEARNER = 1;
    static final byte REMOVE = 2;
    // A Reject's refusal.
    static final byte OUTDATED = 0;
    static final byte WINDOW_HELD = 1;
    static final byte BEHIND = 2;

    private MessageCodec() {
    }

    public static byte[] encodeMessages(List<Message> messages) {
        return encodeMessages(messages, Integer.MAX_VALUE).getFirst();
    }

    /**
     * The messages as request bodies of at most {@code maxBytes} each, in order; a message
     * heavier than that alone goes in a body of its own. Each message is encoded once: a heavy
     * batch is cut at message boundaries.
     */
    public static List<byte[]> encodeMessages(List<Message> messages, int maxBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        int[] ends = new int[messages.size()];
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(ValueCodec.VERSION);
            out.writeInt(messages.size());
            for (int i = 0; i < ends.length; i++) {
                writeMessage(out, messages.get(i));
                ends[i] = bytes.size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = bytes.toByteArray();
        if (all.length <= maxBytes || ends.length <= 1) {
            return List.of(all);
        }
        List<byte[]> bodies = new ArrayList<>();
        for (int first = 0, start = MESSAGES_HEADER_BYTES; first < ends.length; ) {
            int last = first;
            while (last + 1 < ends.length && MESSAGES_HEADER_BYTES + ends[last + 1] - start <= maxBytes) {
                last++;
            }
            bodies.add(messagesBody(last - first + 1, all, start, ends[last]));
            start = ends[last];
            first = last + 1;
        }
        return bodies;
    }

    /** Version byte and message count. */
    private static final int MESSAGES_HEADER_BYTES = 1 + Integer.BYTES;

    private static byte[] messagesBody(int count, byte[] encoded, int from, int to) {
        return ByteBuffer.allocate(MESSAGES_HEADER_BYTES + to - from).put(ValueCodec.VERSION).putInt(count)
                .put(encoded, from, to - from).array();
    }

    public static List<Message> decodeMessages(byte[] bytes) {
        return ValueCodec.read(bytes, in -> {
            int count = in.readInt();
            List<Message> messages = new ArrayList<>(Math.min(count, 10_000));
            for (int i = 0; i < count; i++) {
                messages.add(readMessage(in));
            }
            return messages;
        });
    }

    private static void writeMessage(DataOutputStream out, Message message) throws IOException {
        out.writeInt(message.from());
        out.writeInt(message.to());
        switch (message) {
            case Message.Prepare m -> {
                out.writeByte(PREPARE);
                writeBallot(out, m.ballot());
                out.writeLong(m.fromSlot());
                out.writeLong(m.sentAt());
            }
            case Message.Promise m -> {
                out.writeByte(PROMISE);
                writeBallot(out, m.ballot());
                out.writeLong(m.sentAt());
                out.writeLong(m.decidedThrough());
                out.writeInt(m.slots().size());
                for (Message.SlotReport report : m.slots()) {
                    out.writeLong(report.slot());
                    out.writeBoolean(report.decided());
                    if (!report.decided()) {
                        writeBallot(out, report.ballot());
                    }
                    writeValue(out, report.value());
                }
            }
            case Message.Reject m -> {
                out.writeByte(REJECT);
                writeBallot(out, m.ballot());
                out.writeByte(code(m.refusal()));
                writeBallot(out, m.promised());
                out.writeLong(m.hint());
            }
            case Message.Accept m -> {
                out.writeByte(ACCEPT);
                writeBallot(out, m.ballot());
                out.writeLong(m.slot());
                writeValue(out, m.value());
                out.writeLong(m.sentAt());
            }
            case Message.Accepted m -> {
                out.writeByte(ACCEPTED);
                writeBallot(out, m.ballot());
                out.writeLong(m.slot());
                out.writeLong(m.sentAt());
                out.writeLong(m.decidedThrough());
            }
            case Message.Commit m -> {
                out.writeByte(COMMIT);
                writeBallot(out, m.ballot());
                out.writeLong(m.decidedThrough());
                out.writeLong(m.sentAt());
            }
            case Message.CommitAck m -> {
                out.writeByte(COMMIT_ACK);
                writeBallot(out, m.ballot());
                out.writeLong(m.sentAt());
                out.writeLong(m.decidedThrough());
            }
            case Message.LearnRequest m -> {
                out.writeByte(LEARN_REQUEST);
                out.writeLong(m.fromSlot());
            }
            case Message.Learn m -> {
                out.writeByte(LEARN);
                out.writeInt(m.decisions().size());
                for (Decision decision : m.decisions()) {
                    out.writeLong(decision.slot());
                    writeValue(out, decision.value());
                }
                out.writeLong(m.decidedThrough());
                out.writeInt(m.leader());
            }
            case Message.SnapshotNeeded m -> {
                out.writeByte(SNAPSHOT_NEEDED);
                out.writeLong(m.snapshotSlot());
            }
            case Message.Probe m -> {
                out.writeByte(PROBE);
                writeBallot(out, m.ballot());
                out.writeLong(m.fromSlot());
            }
            case Message.WouldPromise m -> {
                out.writeByte(WOULD_PROMISE);
                writeBallot(out, m.ballot());
            }
            case Message.Forward m -> {
                out.writeByte(FORWARD);
                out.writeInt(m.proposals().size());
                for (Proposal proposal : m.proposals()) {
                    writeProposal(out, proposal);
                }
                out.writeInt(m.reconfigurations().size());
                for (Reconfiguration reconfiguration : m.reconfigurations()) {
                    writeProposal(out, reconfiguration.cause());
                    switch (reconfiguration.change()) {
                        case Reconfiguration.Change.AddLearner add -> {
                            out.writeByte(ADD_LEARNER);
                            out.writeInt(add.node());
                        }
                        case Reconfiguration.Change.Remove remove -> {
                            out.writeByte(REMOVE);
                            out.writeInt(remove.node());
                        }
                    }
                }
            }
        }
    }

    /** A refusal's code: fixed here, not the enum's order, so that reordering the enum changes no byte. */
    private static byte code(Message.Refusal refusal) {
        return switch (refusal) {
            case OUTDATED -> OUTDATED;
            case WINDOW_HELD -> WINDOW_HELD;
            case BEHIND -> BEHIND;
        };
    }

    private static Message.Refusal refusal(byte code) throws IOException {
        return switch (code) {
            case OUTDATED -> Message.Refusal.OUTDATED;
            case WINDOW_HELD -> Message.Refusal.WINDOW_HELD;
            case BEHIND -> Message.Refusal.BEHIND;
            default -> throw new IOException("unknown refusal " + code);
        };
    }

    private static Message readMessage(DataInputStream in) throws IOException {
        int from = in.readInt();
        int to = in.readInt();
        byte kind = in.readByte();
        return switch (kind) {
            case PREPARE -> new Message.Prepare(from, to, readBallot(in), in.readLong(), in.readLong());
            case PROMISE -> {
                Ballot ballot = readBallot(in);
                long sentAt = in.readLong();
                long decidedThrough = in.readLong();
                int count = in.readInt();
                List<Message.SlotReport> slots = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    long slot = in.readLong();
                    boolean decided = in.readBoolean();
                    Ballot accepted = decided ? null : readBallot(in);
                    slots.add(new Message.SlotReport(slot, accepted, readValue(in)));
                }
                yield new Message.Promise(from, to, ballot, sentAt, decidedThrough, slots);
            }
            case REJECT -> new Message.Reject(from, to, readBallot(in), refusal(in.readByte()),
                    readBallot(in), in.readLong());
            case ACCEPT -> new Message.Accept(from, to, readBallot(in), in.readLong(), readValue(in), in.readLong());
            case ACCEPTED -> new Message.Accepted(from, to, readBallot(in), in.readLong(), in.readLong(), in.readLong());
            case COMMIT -> new Message.Commit(from, to, readBallot(in), in.readLong(), in.readLong());
            case COMMIT_ACK -> new Message.CommitAck(from, to, readBallot(in), in.readLong(), in.readLong());
            case LEARN_REQUEST -> new Message.LearnRequest(from, to, in.readLong());
            case LEARN -> {
                int count = in.readInt();
                List<Decision> decisions = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    decisions.add(new Decision(in.readLong(), readValue(in)));
                }
                yield new Message.Learn(from, to, decisions, in.readLong(), in.readInt());
            }
            case SNAPSHOT_NEEDED -> new Message.SnapshotNeeded(from, to, in.readLong());
            case PROBE -> new Message.Probe(from, to, readBallot(in), in.readLong());
            case WOULD_PROMISE -> new Message.WouldPromise(from, to, readBallot(in));
            case FORWARD -> {
                int proposals = in.readInt();
                List<Proposal> forwarded = new ArrayList<>(proposals);
                for (int i = 0; i < proposals; i++) {
                    forwarded.add(readProposal(in));
                }
                int reconfigurations = in.readInt();
                List<Reconfiguration> changes = new ArrayList<>(reconfigurations);
                for (int i = 0; i < reconfigurations; i++) {
                    Proposal cause = readProposal(in);
                    byte change = in.readByte();
                    int node = in.readInt();
                    changes.add(new Reconfiguration(cause, switch (change) {
                        case ADD_LEARNER -> new Reconfiguration.Change.AddLearner(node);
                        case REMOVE -> new Reconfiguration.Change.Remove(node);
                        default -> throw new IOException("unknown membership change " + change);
                    }));
                }
                yield new Message.Forward(from, to, forwarded, changes);
            }
            default -> throw new IOException("unknown message kind " + kind);
        };
    }
}
