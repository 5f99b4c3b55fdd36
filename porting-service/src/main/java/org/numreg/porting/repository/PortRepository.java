package org.numreg.porting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.ReadModelTables;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.event.Event;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/** Ports and their status: scheduled, completed, cancelled (table port_request). */
@ApplicationScoped
public class PortRepository implements PanacheRepositoryBase<PortEntity, String>, ReadModelTables {

    /**
     * A port: from the losing to the gaining OCN, asked for at a registrar ({@code registrar}),
     * due at {@code dueAt} when scheduled; {@code endedAt} when it completed or was cancelled.
     */
    public record Port(String portId, String number, String losingOcn, String gainingOcn, String status,
                       Instant dueAt, long requestedPosition, Instant requestedAt, Long endedPosition, Instant endedAt,
                       String registrar, String reason) {
    }

    /** Ports that took numbers from or to {@code ocn}, newest first. */
    public List<Port> ofOcn(Ocn ocn, long beforePosition, int limit) {
        return find("(losingOcn = ?1 or gainingOcn = ?1) and requestedPosition < ?2",
                Sort.descending("requestedPosition"), ocn.value(), beforePosition)
                .page(0, limit).stream().map(PortEntity::port).toList();
    }

    /** A number's ports, oldest first. */
    public List<Port> ofNumber(E164 number) {
        return list("number", Sort.by("requestedPosition"), number.value()).stream().map(PortEntity::port).toList();
    }

    /** Scheduled ports due by {@code now}: at once for this registrar's own, after {@code grace} for others'. */
    public List<Port> due(Instant now, String registrar, java.time.Duration grace) {
        return find("status = 'scheduled' and dueAt <= ?1 and (registrar = ?2 or dueAt <= ?3)", Sort.by("dueAt"),
                now, registrar, now.minus(grace)).page(0, 100).stream().map(PortEntity::port).toList();
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            switch (event.data()) {
                case Event.PortScheduled e -> {
                    PortEntity port = requested(e.portId(), e.number(), e.losingOcn(), e.gainingOcn(), event);
                    port.status = "scheduled";
                    port.dueAt = e.dueAt();
                    persist(port);
                }
                case Event.PortCompleted e -> {
                    // A port done at once was never scheduled: it has no request yet.
                    PortEntity port = findByIdOptional(e.portId()).orElseGet(
                            () -> requested(e.portId(), e.number(), e.losingOcn(), e.gainingOcn(), event));
                    port.status = "completed";
                    port.endedPosition = event.position();
                    port.endedAt = event.time();
                    persist(port);
                }
                case Event.PortCancelled e -> findByIdOptional(e.portId()).ifPresent(port -> {
                    port.status = "cancelled";
                    port.endedPosition = event.position();
                    port.endedAt = event.time();
                    port.reason = e.reason();
                });
                default -> {
                }
            }
        }
    }

    private static PortEntity requested(String portId, E164 number, Ocn losing, Ocn gaining, ChangeEvent event) {
        PortEntity port = new PortEntity();
        port.portId = portId;
        port.number = number.value();
        port.losingOcn = losing.value();
        port.gainingOcn = gaining.value();
        port.registrar = event.registrar();
        port.requestedPosition = event.position();
        port.requestedAt = event.time();
        return port;
    }

    @Override
    public void clear(Connection connection) {
        deleteAll();
    }
}
