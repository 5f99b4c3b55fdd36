package org.numreg.consensus.codec;

import org.numreg.paxos.Ballot;
import org.numreg.paxos.Config;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Proposal;
import org.numreg.paxos.Value;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The binary form of slot values and of a Paxos membership — on disk (paxos_accepted,
 * paxos_decided, the compaction's membership, a snapshot's membership) and inside peer messages
 * ({@link MessageCodec}). Deterministic and versioned by its first byte: every registrar must
 * read what every other writes, so a change here is a protocol change (the golden bytes in
 * src/test/resources/wire-format-v1.hex fail first).
 */
public final class ValueCodec {

    /** The first byte of every encoded body. */
    static final byte VERSION = 1;

    // The kinds of value: fixed codes, not an order anything else decides.
    static final byte NOOP = 0;
    static final byte BATCH = 1;
    static final byte RECONFIGURE = 2;

    private ValueCodec() {
    }

    public static byte[] encodeValue(Value value) {
        return write(out -> writeValue(out, value));
    }

    public static Value decodeValue(byte[] bytes) {
        return read(bytes, ValueCodec::readValue);
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

    static void writeValue(DataOutputStream out, Value value) throws IOException {
        switch (value) {
            case Value.Noop noop -> out.writeByte(NOOP);
            case Value.Batch batch -> {
                out.writeByte(BATCH);
                out.writeLong(batch.timestamp());
                out.writeInt(batch.proposals().size());
                for (Proposal proposal : batch.proposals()) {
                    writeProposal(out, proposal);
                }
            }
            case Value.Reconfigure reconfigure -> {
                out.writeByte(RECONFIGURE);
                out.writeLong(reconfigure.timestamp());
                writeConfig(out, reconfigure.next());
                out.writeBoolean(reconfigure.cause() != null);
                if (reconfigure.cause() != null) {
                    writeProposal(out, reconfigure.cause());
                }
            }
        }
    }

    static Value readValue(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case NOOP -> Value.NOOP;
            case BATCH -> {
                long timestamp = in.readLong();
                int count = in.readInt();
                List<Proposal> proposals = new ArrayList<>(Math.min(count, 10_000));
                for (int i = 0; i < count; i++) {
                    proposals.add(readProposal(in));
                }
                yield new Value.Batch(timestamp, proposals);
            }
            case RECONFIGURE -> {
                long timestamp = in.readLong();
                Config next = readConfig(in);
                Proposal cause = in.readBoolean() ? readProposal(in) : null;
                yield new Value.Reconfigure(timestamp, next, cause);
            }
            default -> throw new IOException("unknown value kind " + kind);
        };
    }

    static void writeProposal(DataOutputStream out, Proposal proposal) throws IOException {
        out.writeUTF(proposal.id());
        byte[] payload = proposal.payload();
        out.writeInt(payload.length);
        out.write(payload);
    }

    static Proposal readProposal(DataInputStream in) throws IOException {
        String id = in.readUTF();
        return new Proposal(id, in.readNBytes(in.readInt()));
    }

    static void writeBallot(DataOutputStream out, Ballot ballot) throws IOException {
        out.writeLong(ballot.round());
        out.writeInt(ballot.node());
    }

    static Ballot readBallot(DataInputStream in) throws IOException {
        return new Ballot(in.readLong(), in.readInt());
    }

    private static void writeConfig(DataOutputStream out, Config config) throws IOException {
        writeNodes(out, config.voters());
        writeNodes(out, config.learners());
    }

    private static Config readConfig(DataInputStream in) throws IOException {
        return new Config(readNodes(in), readNodes(in));
    }

    private static void writeNodes(DataOutputStream out, java.util.Set<Integer> nodes) throws IOException {
        out.writeInt(nodes.size());
        for (int node : nodes) {
            out.writeInt(node);
        }
    }

    private static TreeSet<Integer> readNodes(DataInputStream in) throws IOException {
        TreeSet<Integer> nodes = new TreeSet<>();
        for (int i = in.readInt(); i > 0; i--) {
            nodes.add(in.readInt());
        }
        return nodes;
    }

    // ------------------------------------------------------------------ framing

    @FunctionalInterface
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** The version byte, then what {@code writer} writes. */
    static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a whole body: the version this registrar reads, then exactly what {@code reader} reads. */
    static <T> T read(byte[] bytes, Reader<T> reader) {
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
