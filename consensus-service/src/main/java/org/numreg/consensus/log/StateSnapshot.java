package org.numreg.consensus.log;

import org.numreg.consensus.messaging.Outbox;
import org.numreg.consensus.messaging.TopicEvent;
import org.numreg.consensus.messaging.ChangesTopic;
import org.numreg.consensus.codec.ValueCodec;
import org.numreg.paxos.Membership;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.state.JdbcRegistryStore;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.LongFunction;

/**
 * A registrar's state at an applied position, as a peer hands it to a registrar that is behind
 * the peers' compacted logs (design §3): the log head, the Paxos membership after it, every
 * registry-state table (PostgreSQL binary COPY), and the events of the positions the receiver
 * lacks — so the receiver's changes topic stays gap-free. Installing it is one transaction.
 *
 * <p>Format (after the magic): head (slot, position, commit time, hash), membership, then per
 * table its name and its COPY data in length-prefixed chunks ending with 0, then the events as
 * (position, index, length, CloudEvent JSON) ending with position −1.
 */
public final class StateSnapshot {

    private static final String MAGIC = "numreg-state-snapshot-1";
    private static final int CHUNK = 64 * 1024;

    /** What an installed snapshot set: the new head and the membership governing after it. */
    public record Installed(LogHead head, Membership membership) {
    }

    private StateSnapshot() {
    }

    /**
     * Writes the state as of one consistent database snapshot, then the events after
     * {@code after} through that state's position, read from this registrar's topic.
     *
     * @param membershipAfter the Paxos membership from a slot on (the node's, asked on its thread)
     * @param events          this registrar's journal; the caller has waited until it holds the head
     */
    public static LogHead write(Connection db, long after, LongFunction<Membership> membershipAfter,
                                HeadPublished published, ChangesTopic events, OutputStream target)
            throws Exception {
        db.setAutoCommit(false);
        db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        db.setReadOnly(true);
        try {
            LogHead head = LogHead.load(db);
            if (after > head.position()) {
                throw new IllegalArgumentException("position " + after + " is ahead of this registrar's "
                        + head.position());
            }
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target, CHUNK));
            out.writeUTF(MAGIC);
            out.writeLong(head.slot());
            out.writeLong(head.position());
            out.writeLong(head.commitTime().getEpochSecond());
            out.writeInt(head.commitTime().getNano());
            writeBytes(out, head.hash());
            writeBytes(out, ValueCodec.encodeMembership(membershipAfter.apply(head.slot())));
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            for (String table : JdbcRegistryStore.STATE_TABLES) {
                out.writeUTF(table);
                ChunkedOutput chunks = new ChunkedOutput(out);
                copy.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", chunks);
                chunks.end();
            }
            db.commit();
            published.await(head.position());
            events.read(after, head.position(), (cursor, payload) -> {
                out.writeLong(cursor.position());
                out.writeInt(cursor.index());
                writeBytes(out, payload);
            });
            out.writeLong(-1);
            out.flush();
            return head;
        } finally {
            db.rollback();
            db.setReadOnly(false);
        }
    }

    /** Confirms a snapshot's head before anything is installed; throws when it cannot. */
    @FunctionalInterface
    public interface HeadCheck {
        void confirm(LogHead head, Membership membership) throws IOException;
    }

    /** Waits until this registrar's topic holds a position's events. */
    @FunctionalInterface
    public interface HeadPublished {
        void await(long position) throws Exception;
    }

    /**
     * Replaces the registry state with the snapshot, compacts the Paxos log through its slot and
     * queues the events the receiver lacked in the outbox — in the caller's transaction. {@code
     * check} must confirm the snapshot's head first; the events must continue {@code current}
     * without a gap and end with the snapshot's hash.
     */
    public static Installed install(Connection db, LogHead current, InputStream source, HeadCheck check)
            throws SQLException, IOException {
        DataInputStream in = new DataInputStream(source);
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("not a numreg state snapshot");
        }
        LogHead head = new LogHead(in.readLong(), in.readLong(), Instant.ofEpochSecond(in.readLong(), in.readInt()),
                readBytes(in));
        Membership membership = ValueCodec.decodeMembership(readBytes(in));
        if (head.slot() <= current.slot() || head.position() < current.position()) {
            throw new IOException("the snapshot (slot " + head.slot() + ") is not ahead of this registrar (slot "
                    + current.slot() + ")");
        }
        check.confirm(head, membership);
        try (Statement statement = db.createStatement()) {
            statement.execute("TRUNCATE " + String.join(", ", JdbcRegistryStore.STATE_TABLES));
        }
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        for (String table : JdbcRegistryStore.STATE_TABLES) {
            String named = in.readUTF();
            if (!named.equals(table)) {
                throw new IOException("snapshot has table " + named + " where " + table + " was due");
            }
            copy.copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", new ChunkedInput(in));
        }
        queueEvents(db, current, head, in);
        head.save(db);
        JdbcPaxosStorage.compact(db, head.slot(), membership);
        return new Installed(head, membership);
    }

    private static void queueEvents(Connection db, LogHead current, LogHead head, DataInputStream in)
            throws SQLException, IOException {
        ChangeEvent last = null;
        try (Outbox.Queue outbox = Outbox.queue(db)) {
            for (long position = in.readLong(); position >= 0; position = in.readLong()) {
                int index = in.readInt();
                byte[] payload = readBytes(in);
                ChangeEvent event = ChangeEvent.fromJson(payload);
                ChangesTopic.Cursor due = ChangesTopic.Cursor.dueAfter(last, current.position());
                if (event.position() != position || event.index() != index || !due.names(event)) {
                    throw new IOException("snapshot event " + event.id() + " where " + due + " was due");
                }
                outbox.add(new TopicEvent(position, index, payload));
                last = event;
            }
        }
        boolean complete = head.position() == current.position() ? last == null
                : last != null && last.position() == head.position() && last.completesPosition()
                && last.hash().equals(HexFormat.of().formatHex(head.hash()));
        if (!complete) {
            throw new IOException("the snapshot's events do not end at its position " + head.position()
                    + " with its hash");
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 * 1024 * 1024) {
            throw new IOException("implausible length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes); // a stream cut short is an EOFException, not a short read
        return bytes;
    }

    /** COPY data as length-prefixed chunks; {@link #end()} writes the terminating 0. */
    private static final class ChunkedOutput extends OutputStream {
        private final DataOutputStream out;

        ChunkedOutput(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > 0) {
                out.writeInt(length);
                out.write(bytes, offset, length);
            }
        }

        void end() throws IOException {
            out.writeInt(0);
        }
    }

    /** Reads the chunks {@link ChunkedOutput} wrote, up to the terminating 0. */
    private static final class ChunkedInput extends InputStream {
        private final DataInputStream in;
        private int left;
        private boolean ended;

        ChunkedInput(DataInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (left == 0) {
                left = in.readInt();
                if (left == 0) {
                    ended = true;
                    return -1;
                }
                if (left < 0) {
                    throw new EOFException("negative chunk length");
                }
            }
            int read = in.read(bytes, offset, Math.min(length, left));
            if (read < 0) {
                throw new EOFException("snapshot ends inside a table");
            }
            left -= read;
            return read;
        }
    }
}
