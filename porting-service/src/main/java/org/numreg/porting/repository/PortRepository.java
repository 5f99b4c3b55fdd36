package org.numreg.porting.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.ReadModelTables;
import org.numreg.client.feed.Sql;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.event.Event;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Ports and their status: scheduled, completed, cancelled (table port_request). */
@ApplicationScoped
public class PortRepository implements ReadModelTables {

    /**
     * A port: from the losing to the gaining OCN, asked for at a registrar ({@code registrar}),
     * due at {@code dueAt} when scheduled; {@code endedAt} when it completed or was cancelled.
     */
    public record Port(String portId, String number, String losingOcn, String gainingOcn, String status,
                       Instant dueAt, long requestedPosition, Instant requestedAt, Long endedPosition, Instant endedAt,
                       String registrar, String reason) {
    }

    private static final String SELECT = "SELECT port_id, number, losing_ocn, gaining_ocn, status, due_at,"
            + " requested_position, requested_at, ended_position, ended_at, registrar, reason FROM port_request";

    private final AgroalDataSource db;

    PortRepository(AgroalDataSource db) {
        this.db = db;
    }

    /** Ports that took numbers from or to {@code ocn}, newest first. */
    public List<Port> ofOcn(Ocn ocn, long beforePosition, int limit) {
        return query(SELECT + " WHERE (losing_ocn = ? OR gaining_ocn = ?) AND requested_position < ?"
                + " ORDER BY requested_position DESC LIMIT ?", ocn.value(), ocn.value(), beforePosition, limit);
    }

    /** A number's ports, oldest first. */
    public List<Port> ofNumber(E164 number) {
        return query(SELECT + " WHERE number = ? ORDER BY requested_position", number.value());
    }

    /** Scheduled ports due by {@code now}: at once for this registrar's own, after {@code grace} for others'. */
    public List<Port> due(Instant now, String registrar, java.time.Duration grace) {
        return query(SELECT + " WHERE status = 'scheduled' AND due_at <= ? AND (registrar = ? OR due_at <= ?)"
                + " ORDER BY due_at LIMIT 100", Timestamp.from(now), registrar, Timestamp.from(now.minus(grace)));
    }

    private List<Port> query(String sql, Object... args) {
        return Sql.query(db, "ports", sql, row -> new Port(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), instant(row.getTimestamp(6)), row.getLong(7),
                instant(row.getTimestamp(8)), (Long) row.getObject(9), instant(row.getTimestamp(10)),
                row.getString(11), row.getString(12)), args);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        for (ChangeEvent event : events) {
            switch (event.data()) {
                case Event.PortScheduled e -> Sql.update(connection, "INSERT INTO port_request (port_id, number, losing_ocn,"
                                + " gaining_ocn, registrar, status, due_at, requested_position, requested_at)"
                                + " VALUES (?, ?, ?, ?, ?, 'scheduled', ?, ?, ?)", e.portId(), e.number().value(),
                        e.losingOcn().value(), e.gainingOcn().value(), event.registrar(), Timestamp.from(e.dueAt()),
                        event.position(), Timestamp.from(event.time()));
                case Event.PortCompleted e -> Sql.update(connection, "INSERT INTO port_request (port_id, number, losing_ocn,"
                                + " gaining_ocn, registrar, status, requested_position, requested_at, ended_position,"
                                + " ended_at) VALUES (?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?) ON CONFLICT (port_id)"
                                + " DO UPDATE SET status = 'completed', ended_position = EXCLUDED.ended_position,"
                                + " ended_at = EXCLUDED.ended_at", e.portId(), e.number().value(), e.losingOcn().value(),
                        e.gainingOcn().value(), event.registrar(), event.position(), Timestamp.from(event.time()),
                        event.position(), Timestamp.from(event.time()));
                case Event.PortCancelled e -> Sql.update(connection, "UPDATE port_request SET status = 'cancelled',"
                                + " ended_position = ?, ended_at = ?, reason = ? WHERE port_id = ?", event.position(),
                        Timestamp.from(event.time()), e.reason(), e.portId());
                default -> {
                }
            }
        }
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        Sql.update(connection, "DELETE FROM port_request");
    }
}
