package org.numreg.porting.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.event.Event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Completed ports (table port_record). */
@ApplicationScoped
public class PortRepository {

    /** A number moved from the losing to the gaining OCN at a log position. */
    public record Port(String number, String losingOcn, String gainingOcn, long position, Instant completedAt,
                       String registrar) {
    }

    private final AgroalDataSource db;

    PortRepository(AgroalDataSource db) {
        this.db = db;
    }

    /** Ports that took numbers from or to {@code ocn}, newest first. */
    public List<Port> ofOcn(Ocn ocn, long beforePosition, int limit) {
        return query("SELECT number, losing_ocn, gaining_ocn, position, time, registrar FROM port_record"
                + " WHERE (losing_ocn = ? OR gaining_ocn = ?) AND position < ? ORDER BY position DESC LIMIT ?",
                ocn.value(), ocn.value(), beforePosition, limit);
    }

    /** A number's ports, oldest first. */
    public List<Port> ofNumber(E164 number) {
        return query("SELECT number, losing_ocn, gaining_ocn, position, time, registrar FROM port_record"
                + " WHERE number = ? ORDER BY position", number.value());
    }

    private List<Port> query(String sql, Object... args) {
        try (Connection connection = db.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                select.setObject(i + 1, args[i]);
            }
            List<Port> ports = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ports.add(new Port(row.getString(1), row.getString(2), row.getString(3), row.getLong(4),
                            row.getTimestamp(5).toInstant(), row.getString(6)));
                }
            }
            return ports;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read ports", e);
        }
    }

    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO port_record (number, position, time,"
                + " losing_ocn, gaining_ocn, registrar) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (ChangeEvent event : events) {
                if (event.data() instanceof Event.PortCompleted port) {
                    insert.setString(1, port.number().value());
                    insert.setLong(2, event.position());
                    insert.setTimestamp(3, Timestamp.from(event.time()));
                    insert.setString(4, port.losingOcn().value());
                    insert.setString(5, port.gainingOcn().value());
                    insert.setString(6, event.registrar());
                    insert.executeUpdate();
                }
            }
        }
    }

    public void clear(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM port_record");
        }
    }
}
