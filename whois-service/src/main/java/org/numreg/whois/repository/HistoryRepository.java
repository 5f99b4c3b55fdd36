package org.numreg.whois.repository;

import io.agroal.api.AgroalDataSource;
import org.numreg.client.feed.ReadModelTables;
import org.numreg.client.feed.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.event.Event;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Every committed change of each number (table whois_history). */
@ApplicationScoped
public class HistoryRepository implements ReadModelTables {

    /**
     * One change: where in the log, when, at which registrar, who asked for it, what (the event's
     * data, PIN hashes left out).
     */
    public record Change(long position, int index, Instant time, String type, String registrar, Principal principal,
                         String command, Event data) {
    }

    private final AgroalDataSource db;

    HistoryRepository(AgroalDataSource db) {
        this.db = db;
    }

    public List<Change> of(E164 number, long afterPosition, int limit) {
        return Sql.query(db, "the history of " + number, "SELECT position, idx, time, type, registrar, principal,"
                        + " principal_id, command, data FROM whois_history WHERE number = ? AND position > ?"
                        + " ORDER BY position, idx LIMIT ?",
                row -> new Change(row.getLong(1), row.getInt(2), row.getTimestamp(3).toInstant(), row.getString(4),
                        row.getString(5), row.getString(6) == null ? null : new Principal(row.getString(7), row.getString(6)),
                        row.getString(8), RegistryJson.read(row.getString(9).getBytes(StandardCharsets.UTF_8), Event.class)),
                number.value(), afterPosition, limit);
    }

    /** Records the changes of numbers among {@code events}. */
    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO whois_history (number, position, idx,"
                + " time, type, registrar, principal, principal_id, command, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
            boolean any = false;
            for (ChangeEvent event : events) {
                Event data = withoutSecrets(event.data());
                if (data == null) {
                    continue;
                }
                insert.setString(1, event.subject());
                insert.setLong(2, event.position());
                insert.setInt(3, event.index());
                insert.setTimestamp(4, Timestamp.from(event.time()));
                insert.setString(5, event.type());
                insert.setString(6, event.registrar());
                insert.setString(7, event.principal() == null ? null : event.principal().name());
                insert.setString(8, event.principal() == null ? null : event.principal().id());
                insert.setString(9, event.command());
                insert.setString(10, new String(RegistryJson.write(data), StandardCharsets.UTF_8));
                insert.addBatch();
                any = true;
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        Sql.update(connection, "DELETE FROM whois_history");
    }

    /** A number's change as history shows it; null for events that are not about one number. */
    static Event withoutSecrets(Event event) {
        return switch (event) {
            case Event.PinSet e -> new Event.PinSet(e.number(), e.ocn(), null, e.version());
            case Event.NumberAllocated e -> e;
            case Event.NumberUpdated e -> e;
            case Event.NumberReleased e -> e;
            case Event.PinFailureRecorded e -> e;
            case Event.PortCompleted e -> e;
            case Event.PortProtectionSet e -> e;
            case Event.PortScheduled e -> e;
            case Event.PortCancelled e -> e;
            default -> null;
        };
    }
}
