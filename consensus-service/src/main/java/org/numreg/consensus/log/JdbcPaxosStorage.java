package org.numreg.consensus.log;

import org.numreg.consensus.codec.ValueCodec;
import org.numreg.paxos.Ballot;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Ready;
import org.numreg.paxos.Storage;
import org.numreg.paxos.Value;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The Paxos node's durable state in PostgreSQL: read once at start ({@link #load}), the
 * acceptor's part written with every {@link Ready} before its messages leave, decided slots
 * with the transaction that applies them, and compacted when far behind.
 */
public final class JdbcPaxosStorage {

    /** What the node persisted, as read at start. */
    public record Stored(Ballot promised, NavigableMap<Long, Ready.AcceptedValue> accepted, long snapshotSlot,
                         Membership snapshotMembership, NavigableMap<Long, Value> decided) implements Storage {
    }

    private JdbcPaxosStorage() {
    }

    /** Reads what the node persisted; {@code initial} governs when nothing was. */
    public static Stored load(Connection db, Membership initial) throws SQLException {
        Ballot promised = Ballot.ZERO;
        try (Statement statement = db.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT round, node FROM paxos_promise")) {
                if (rs.next()) {
                    promised = new Ballot(rs.getLong(1), rs.getInt(2));
                }
            }
            long snapshotSlot = 0;
            Membership membership = initial;
            try (ResultSet rs = statement.executeQuery("SELECT slot, membership FROM paxos_snapshot")) {
                if (rs.next()) {
                    snapshotSlot = rs.getLong(1);
                    membership = ValueCodec.decodeMembership(rs.getBytes(2));
                }
            }
            TreeMap<Long, Ready.AcceptedValue> accepted = new TreeMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT slot, round, node, value FROM paxos_accepted ORDER BY slot")) {
                while (rs.next()) {
                    accepted.put(rs.getLong(1), new Ready.AcceptedValue(rs.getLong(1),
                            new Ballot(rs.getLong(2), rs.getInt(3)), ValueCodec.decodeValue(rs.getBytes(4))));
                }
            }
            TreeMap<Long, Value> decided = new TreeMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT slot, value FROM paxos_decided ORDER BY slot")) {
                while (rs.next()) {
                    decided.put(rs.getLong(1), ValueCodec.decodeValue(rs.getBytes(2)));
                }
            }
            return new Stored(promised, accepted, snapshotSlot, membership, decided);
        }
    }

    /**
     * Persists what the acceptor promised and accepted — durably, before any reply leaves
     * (the caller's transaction, committed synchronously).
     */
    public static void saveAcceptor(Connection db, Ready ready) throws SQLException {
        if (ready.promised() != null) {
            try (PreparedStatement statement = db.prepareStatement(
                    "INSERT INTO paxos_promise (id, round, node) VALUES (1, ?, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET round = excluded.round, node = excluded.node")) {
                statement.setLong(1, ready.promised().round());
                statement.setInt(2, ready.promised().node());
                statement.executeUpdate();
            }
        }
        if (!ready.accepted().isEmpty()) {
            try (PreparedStatement statement = db.prepareStatement(
                    "INSERT INTO paxos_accepted (slot, round, node, value) VALUES (?, ?, ?, ?) ON CONFLICT (slot) "
                            + "DO UPDATE SET round = excluded.round, node = excluded.node, value = excluded.value")) {
                // One row a slot (Ready lists a slot once): a multi-row upsert may touch a row only once.
                for (Ready.AcceptedValue value : ready.accepted()) {
                    statement.setLong(1, value.slot());
                    statement.setLong(2, value.ballot().round());
                    statement.setInt(3, value.ballot().node());
                    statement.setBytes(4, ValueCodec.encodeValue(value.value()));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
    }

    /**
     * Records decided slots, in the transaction that applies them. They need not be durable
     * before anything is sent: a decision is durable at a quorum of acceptors, and a registrar
     * that lost its record of one learns it again from its peers.
     */
    public static void saveDecided(Connection db, List<Decision> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO paxos_decided (slot, value) VALUES (?, ?) ON CONFLICT (slot) DO NOTHING")) {
            for (Decision decision : decisions) {
                insert.setLong(1, decision.slot());
                insert.setBytes(2, ValueCodec.encodeValue(decision.value()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        // Just these slots: those before went with earlier decisions (or compaction), and a scan
        // from the table's start would step over their dead rows until vacuum removes them.
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM paxos_accepted WHERE slot BETWEEN ? AND ?")) {
            delete.setLong(1, decisions.getFirst().slot());
            delete.setLong(2, decisions.getLast().slot());
            delete.executeUpdate();
        }
    }

    /**
     * Forgets the decided slots up to {@code slot}, whose effect the registry state holds: the
     * node starts from there next time ({@code membership} governs the slots after it).
     */
    public static void compact(Connection db, long slot, Membership membership) throws SQLException {
        try (PreparedStatement snapshot = db.prepareStatement(
                "INSERT INTO paxos_snapshot (id, slot, membership) VALUES (1, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET slot = excluded.slot, membership = excluded.membership");
             PreparedStatement decided = db.prepareStatement("DELETE FROM paxos_decided WHERE slot <= ?");
             PreparedStatement accepted = db.prepareStatement("DELETE FROM paxos_accepted WHERE slot <= ?")) {
            snapshot.setLong(1, slot);
            snapshot.setBytes(2, ValueCodec.encodeMembership(membership));
            snapshot.executeUpdate();
            decided.setLong(1, slot);
            decided.executeUpdate();
            accepted.setLong(1, slot);
            accepted.executeUpdate();
        }
    }
}
