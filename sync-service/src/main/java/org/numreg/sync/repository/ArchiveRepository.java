package org.numreg.sync.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.ReadModelTables;
import org.numreg.client.feed.Sql;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.event.Event;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The archive of every published event (table archived_event), in log order. */
@ApplicationScoped
public class ArchiveRepository implements ReadModelTables {

    /** Where a page of events starts: after this (position, index). */
    public record Cursor(long position, int index) {
        public static final Cursor START = new Cursor(0, Integer.MAX_VALUE);

        /** "P" (after the whole position P) or "P-I" (after event I of position P: a CloudEvent id). */
        public static Cursor parse(String text) {
            int dash = text.indexOf('-');
            return dash < 0 ? new Cursor(Long.parseLong(text), Integer.MAX_VALUE)
                    : new Cursor(Long.parseLong(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
        }
    }

    /** An archived event: where it is, and the CloudEvent as published. */
    public record Archived(long position, int index, String json) {
    }

    private final AgroalDataSource db;

    ArchiveRepository(AgroalDataSource db) {
        this.db = db;
    }

    /** Up to {@code limit} events after {@code cursor}, of the OCN and under the number prefix if given. */
    public List<Archived> page(Cursor cursor, String ocn, String prefix, int limit) {
        StringBuilder sql = new StringBuilder("SELECT position, idx, event FROM archived_event WHERE (position, idx) > (?, ?)");
        List<Object> args = new java.util.ArrayList<>(List.of(cursor.position(), cursor.index()));
        if (ocn != null) {
            sql.append(" AND ocns @> ARRAY[?]::text[]");
            args.add(ocn);
        }
        if (prefix != null) {
            sql.append(" AND subject >= ? AND subject < ?");
            args.add(prefix);
            args.add(Sql.underEnd(prefix));
        }
        sql.append(" ORDER BY position, idx LIMIT ?");
        args.add(limit);
        return Sql.query(db, "the archive", sql.toString(),
                row -> new Archived(row.getLong(1), row.getInt(2), row.getString(3)), args.toArray());
    }

    /** The position of the first event committed at or after {@code time}. */
    public Optional<Long> firstPositionSince(Instant time) {
        return Sql.query(db, "the archive", "SELECT min(position) FROM archived_event WHERE time >= ?",
                row -> (Long) row.getObject(1), Timestamp.from(time)).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** The log's hash chain after {@code position} (zeros before the first), as its events carry it. */
    public static String hashAt(Connection connection, long position) throws SQLException {
        if (position == 0) {
            return "0".repeat(64);
        }
        return Sql.query(connection, "SELECT event FROM archived_event WHERE position = ? ORDER BY idx LIMIT 1",
                        row -> ChangeEvent.fromJson(row.getString(1).getBytes(StandardCharsets.UTF_8)).hash(), position)
                .stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("the archive has no event at position " + position));
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO archived_event (position, idx, time,"
                + " subject, ocns, event) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (ChangeEvent event : events) {
                insert.setLong(1, event.position());
                insert.setInt(2, event.index());
                insert.setTimestamp(3, Timestamp.from(event.time()));
                insert.setString(4, event.subject());
                insert.setArray(5, connection.createArrayOf("text", ocnsOf(event.data()).toArray()));
                insert.setString(6, new String(event.toJson(), StandardCharsets.UTF_8));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        Sql.update(connection, "DELETE FROM archived_event");
    }

    /** The OCNs an event concerns, for filtering. */
    static Set<String> ocnsOf(Event event) {
        Set<String> ocns = new TreeSet<>();
        switch (event) {
            case Event.OcnRegistered e -> ocns.add(e.ocn().value());
            case Event.OcnUpdated e -> ocns.add(e.ocn().value());
            case Event.NumberAllocated e -> ocns.add(e.number().ocn().value());
            case Event.NumberUpdated e -> ocns.add(e.number().ocn().value());
            case Event.NumberReleased e -> ocns.add(e.ocn().value());
            case Event.BlockAllocated e -> ocns.add(e.ocn().value());
            case Event.PinSet e -> ocns.add(e.ocn().value());
            case Event.PortProtectionSet e -> ocns.add(e.ocn().value());
            case Event.PortCompleted e -> ocns.addAll(List.of(e.losingOcn().value(), e.gainingOcn().value()));
            case Event.PortScheduled e -> ocns.addAll(List.of(e.losingOcn().value(), e.gainingOcn().value()));
            case Event.PortCancelled e -> ocns.addAll(List.of(e.losingOcn().value(), e.gainingOcn().value()));
            default -> {
            }
        }
        return ocns;
    }
}
