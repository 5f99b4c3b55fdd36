package org.numreg.consensus.transport;

import org.numreg.paxos.Ballot;
import org.numreg.paxos.Config;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Message;
import org.numreg.paxos.Proposal;
import org.numreg.paxos.Reconfiguration;
import org.numreg.paxos.Value;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The binary form of Paxos messages between registrars and of slot values on disk: compact,
 * deterministic, and versioned by its first byte. Every registrar must read what every other
 * writes, so a change here is a protocol change.
 */
public final class WireFormat {

    private static final byte VERSION = 1;

    private WireFormat() {
    }

    // ------------------------------------------------------------------ messages

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
            out.writeByte(VERSION);
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
        return ByteBuffer.allocate(MESSAGES_HEADER_BYTES + to - from).put(VERSION).putInt(count)
                .put(encoded, from, to - from).array();
    }

    public static List<Message> decodeMessages(byte[] bytes) {
        return read(bytes, in -> {
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
                out.writeByte(1);
                writeBallot(out, m.ballot());
                out.writeLong(m.fromSlot());
                out.writeLong(m.sentAt());
            }
            case Message.Promise m -> {
                out.writeByte(2);
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
                out.writeByte(3);
                writeBallot(out, m.ballot());
                out.writeByte(code(m.refusal()));
                writeBallot(out, m.promised());
                out.writeLong(m.hint());
            }
            case Message.Accept m -> {
                out.writeByte(4);
                writeBallot(out, m.ballot());
                out.writeLong(m.slot());
                writeValue(out, m.value());
                out.writeLong(m.sentAt());
            }
            case Message.Accepted m -> {
                out.writeByte(5);
                writeBallot(out, m.ballot());
                out.writeLong(m.slot());
                out.writeLong(m.sentAt());
                out.writeLong(m.decidedThrough());
            }
            case Message.Commit m -> {
                out.writeByte(6);
                writeBallot(out, m.ballot());
                out.writeLong(m.decidedThrough());
                out.writeLong(m.sentAt());
            }
            case Message.CommitAck m -> {
                out.writeByte(7);
                writeBallot(out, m.ballot());
                out.writeLong(m.sentAt());
                out.writeLong(m.decidedThrough());
            }
            case Message.LearnRequest m -> {
                out.writeByte(8);
                out.writeLong(m.fromSlot());
            }
            case Message.Learn m -> {
                out.writeByte(9);
                out.writeInt(m.decisions().size());
                for (Decision decision : m.decisions()) {
                    out.writeLong(decision.slot());
                    writeValue(out, decision.value());
                }
                out.writeLong(m.decidedThrough());
                out.writeInt(m.leader());
            }
            case Message.SnapshotNeeded m -> {
                out.writeByte(10);
                out.writeLong(m.snapshotSlot());
            }
            case Message.Probe m -> {
                out.writeByte(12);
                writeBallot(out, m.ballot());
                out.writeLong(m.fromSlot());
            }
            case Message.WouldPromise m -> {
                out.writeByte(13);
                writeBallot(out, m.ballot());
            }
            case Message.Forward m -> {
                out.writeByte(11);
                out.writeInt(m.proposals().size());
                for (Proposal proposal : m.proposals()) {
                    writeProposal(out, proposal);
                }
                out.writeInt(m.reconfigurations().size());
                for (Reconfiguration reconfiguration : m.reconfigurations()) {
                    writeProposal(out, reconfiguration.cause());
                    switch (reconfiguration.change()) {
                        case Reconfiguration.Change.AddLearner add -> {
                            out.writeByte(1);
                            out.writeInt(add.node());
                        }
                        case Reconfiguration.Change.Remove remove -> {
                            out.writeByte(2);
                            out.writeInt(remove.node());
                        }
                    }
                }
            }
        }
    }

    /** A refusal's code on the wire: fixed here, not the enum's order, so that reordering the enum changes no byte. */
    private static byte code(Message.Refusal refusal) {
        return switch (refusal) {
            case OUTDATED -> 0;
            case WINDOW_HELD -> 1;
            case BEHIND -> 2;
        };
    }

    private static Message.Refusal refusal(byte code) throws IOException {
        return switch (code) {
            case 0 -> Message.Refusal.OUTDATED;
            case 1 -> Message.Refusal.WINDOW_HELD;
            case 2 -> Message.Refusal.BEHIND;
            default -> throw new IOException("unknown refusal " + code);
        };
    }

    private static Message readMessage(DataInputStream in) throws IOException {
        int from = in.readInt();
        int to = in.readInt();
        byte kind = in.readByte();
        return switch (kind) {
            case 1 -> new Message.Prepare(from, to, readBallot(in), in.readLong(), in.readLong());
            case 2 -> {
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
            case 3 -> new Message.Reject(from, to, readBallot(in), refusal(in.readByte()),
                    readBallot(in), in.readLong());
            case 4 -> new Message.Accept(from, to, readBallot(in), in.readLong(), readValue(in), in.readLong());
            case 5 -> new Message.Accepted(from, to, readBallot(in), in.readLong(), in.readLong(), in.readLong());
            case 6 -> new Message.Commit(from, to, readBallot(in), in.readLong(), in.readLong());
            case 7 -> new Message.CommitAck(from, to, readBallot(in), in.readLong(), in.readLong());
            case 8 -> new Message.LearnRequest(from, to, in.readLong());
            case 9 -> {
                int count = in.readInt();
                List<Decision> decisions = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    decisions.add(new Decision(in.readLong(), readValue(in)));
                }
                yield new Message.Learn(from, to, decisions, in.readLong(), in.readInt());
            }
            case 10 -> new Message.SnapshotNeeded(from, to, in.readLong());
            case 12 -> new Message.Probe(from, to, readBallot(in), in.readLong());
            case 13 -> new Message.WouldPromise(from, to, readBallot(in));
            case 11 -> {
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
                    changes.add(new Reconfiguration(cause, change == 1 ? new Reconfiguration.Change.AddLearner(node)
                            : new Reconfiguration.Change.Remove(node)));
                }
                yield new Message.Forward(from, to, forwarded, changes);
            }
            default -> throw new IOException("unknown message kind " + kind);
        };
    }

    // ------------------------------------------------------------------ values

    public static byte[] encodeValue(Value value) {
        return write(out -> writeValue(out, value));
    }

    public static Value decodeValue(byte[] bytes) {
        return read(bytes, WireFormat::readValue);
    }

    public static byte[] encodeMembership(Membership membership) {
        return write(out -> {
            out.writeInt(membership.asMap().size());
            for (Map.Entry<Long, Config> entry : membership.asMap().entrySet()) {
                out.writeLong(entry.getKey());
                writeConfig(out, entry.getValue());
            }
        });
    }

    public static Membership decodeMembership(byte[] bytes) {
        return read(bytes, in -> {
            int count = in.readInt();
            TreeMap<Long, Config> configs = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                configs.put(in.readLong(), readConfig(in));
            }
            return Membership.of(configs);
        });
    }

    private static void writeValue(DataOutputStream out, Value value) throws IOException {
        switch (value) {
            case Value.Noop noop -> out.writeByte(0);
            case Value.Batch batch -> {
                out.writeByte(1);
                out.writeLong(batch.timestamp());
                out.writeInt(batch.proposals().size());
                for (Proposal proposal : batch.proposals()) {
                    writeProposal(out, proposal);
                }
            }
            case Value.Reconfigure reconfigure -> {
                out.writeByte(2);
                out.writeLong(reconfigure.timestamp());
                writeConfig(out, reconfigure.next());
                out.writeBoolean(reconfigure.cause() != null);
                if (reconfigure.cause() != null) {
                    writeProposal(out, reconfigure.cause());
                }
            }
        }
    }

    private static Value readValue(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case 0 -> Value.NOOP;
            case 1 -> {
                long timestamp = in.readLong();
                int count = in.readInt();
                List<Proposal> proposals = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    proposals.add(readProposal(in));
                }
                yield new Value.Batch(timestamp, proposals);
            }
            case 2 -> {
                long timestamp = in.readLong();
                Config next = readConfig(in);
                Proposal cause = in.readBoolean() ? readProposal(in) : null;
                yield new Value.Reconfigure(timestamp, next, cause);
            }
            default -> throw new IOException("unknown value kind " + kind);
        };
    }

    private static void writeProposal(DataOutputStream out, Proposal proposal) throws IOException {
        out.writeUTF(proposal.id());
        byte[] payload = proposal.payload();
        out.writeInt(payload.length);
        out.write(payload);
    }

    private static Proposal readProposal(DataInputStream in) throws IOException {
        String id = in.readUTF();
        return new Proposal(id, in.readNBytes(in.readInt()));
    }

    private static void writeBallot(DataOutputStream out, Ballot ballot) throws IOException {
        out.writeLong(ballot.round());
        out.writeInt(ballot.node());
    }

    private static Ballot readBallot(DataInputStream in) throws IOException {
        return new Ballot(in.readLong(), in.readInt());
    }

    private static void writeConfig(DataOutputStream out, Config config) throws IOException {
        out.writeInt(config.voters().size());
        for (int voter : config.voters()) {
            out.writeInt(voter);
        }
        out.writeInt(config.learners().size());
        for (int learner : config.learners()) {
            out.writeInt(learner);
        }
    }

    private static Config readConfig(DataInputStream in) throws IOException {
        TreeSet<Integer> voters = new TreeSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            voters.add(in.readInt());
        }
        TreeSet<Integer> learners = new TreeSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            learners.add(in.readInt());
        }
        return new Config(voters, learners);
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("wire format version " + version + ", this registrar reads " + VERSION);
            }
            T value = reader.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes after the end");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed wire data: " + e.getMessage(), e);
        }
    }
}
