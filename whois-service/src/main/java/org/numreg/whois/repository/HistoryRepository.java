package org.numreg.whois.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import org.numreg.client.feed.ReadModelTables;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.event.Event;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/** Every committed change of each number (table whois_history). */
@ApplicationScoped
public class HistoryRepository implements PanacheRepositoryBase<HistoryEntity, HistoryEntity.Key>, ReadModelTables {

    /**
     * One change: where in the log, when, at which registrar, who asked for it, what (the event's
     * data, PIN hashes left out).
     */
    public record Change(long position, int index, Instant time, String type, String registrar, Principal principal,
                         String command, Event data) {
    }

    public List<Change> of(E164 number, long afterPosition, int limit) {
        return find("number = ?1 and position > ?2", Sort.by("position").and("eventIndex"), number.value(), afterPosition)
                .page(0, limit).stream().map(HistoryRepository::change).toList();
    }

    private static Change change(HistoryEntity row) {
        return new Change(row.position, row.eventIndex, row.time, row.type, row.registrar,
                row.principal == null ? null : new Principal(row.principalId, row.principal), row.command,
                RegistryJson.read(row.data.getBytes(StandardCharsets.UTF_8), Event.class));
    }

    /** Records the changes of numbers among {@code events}. */
    @Override
    public void apply(Connection connection, List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            Event data = withoutSecrets(event.data());
            if (data == null) {
                continue;
            }
            HistoryEntity row = new HistoryEntity();
            row.number = event.subject();
            row.position = event.position();
            row.eventIndex = event.index();
            row.time = event.time();
            row.type = event.type();
            row.registrar = event.registrar();
            row.principal = event.principal() == null ? null : event.principal().name();
            row.principalId = event.principal() == null ? null : event.principal().id();
            row.command = event.command();
            row.data = new String(RegistryJson.write(data), StandardCharsets.UTF_8);
            persist(row);
        }
    }

    @Override
    public void clear(Connection connection) {
        deleteAll();
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
