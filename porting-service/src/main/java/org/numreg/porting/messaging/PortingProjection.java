package org.numreg.porting.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.Projection;
import org.numreg.client.records.RegistryRecords;
import org.numreg.porting.repository.PortRepository;
import org.numreg.registry.codec.ChangeEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** porting's read model: numbers (with PIN hashes) and OCNs, and the completed ports. */
@ApplicationScoped
public class PortingProjection implements Projection {

    private final RegistryRecords records;
    private final PortRepository ports;

    PortingProjection(RegistryRecords records, PortRepository ports) {
        this.records = records;
        this.ports = ports;
    }

    @Override
    public String name() {
        return "porting";
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        records.apply(connection, events);
        ports.apply(connection, events);
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        records.clear(connection);
        ports.clear(connection);
    }
}
