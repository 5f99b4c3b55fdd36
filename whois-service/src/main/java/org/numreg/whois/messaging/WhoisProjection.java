package org.numreg.whois.messaging;

import jakarta.inject.Singleton;
import org.numreg.client.feed.TablesProjection;
import org.numreg.client.records.RegistryRecords;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.E164;
import org.numreg.registry.event.Event;
import org.numreg.whois.repository.HistoryRepository;
import org.numreg.whois.service.Lookups;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** whois' read model: the numbers and OCNs, each number's history; and the lookup cache told what changed. */
@Singleton
public class WhoisProjection extends TablesProjection {

    private final Lookups lookups;

    WhoisProjection(RegistryRecords records, HistoryRepository history, Lookups lookups) {
        super("whois", records, history);
        this.lookups = lookups;
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        super.clear(connection);
        lookups.cache().clear();
    }

    @Override
    public void seen(List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            switch (event.data()) {
                // Every number shows its OCN's name.
                case Event.OcnUpdated e -> lookups.cache().changedAll(event.position());
                default -> {
                    E164 number = RegistryRecords.changedNumber(event.data());
                    if (number != null) {
                        lookups.cache().changed(number.value(), event.position());
                    }
                }
            }
        }
    }
}
