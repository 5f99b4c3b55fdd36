package org.numreg.whois.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.Projection;
import org.numreg.client.records.RegistryRecords;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.event.Event;
import org.numreg.whois.repository.HistoryRepository;
import org.numreg.whois.service.Lookups;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** whois' read model: the numbers and OCNs, each number's history; and the lookup cache told what changed. */
@ApplicationScoped
public class WhoisProjection implements Projection {

    private final RegistryRecords records;
    private final HistoryRepository history;
    private final Lookups lookups;

    WhoisProjection(RegistryRecords records, HistoryRepository history, Lookups lookups) {
        this.records = records;
        this.history = history;
        this.lookups = lookups;
    }

    @Override
    public String name() {
        return "whois";
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        records.apply(connection, events);
        history.append(connection, events);
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        records.clear(connection);
        history.clear(connection);
        lookups.cache().clear();
    }

    @Override
    public void seen(List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            switch (event.data()) {
                case Event.OcnUpdated e -> lookups.cache().changedAll(event.position());
                case Event.BlockAllocated e -> {
                }
                default -> {
                    if (event.subject() != null && event.subject().startsWith("+")) {
                        lookups.cache().changed(event.subject(), event.position());
                    }
                }
            }
        }
    }
}
