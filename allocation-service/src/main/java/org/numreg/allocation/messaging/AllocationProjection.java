package org.numreg.allocation.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.allocation.repository.PoolRepository;
import org.numreg.client.feed.Projection;
import org.numreg.client.records.RegistryRecords;
import org.numreg.registry.codec.ChangeEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** allocation's read model: numbers and OCNs, open ranges and blocks. */
@ApplicationScoped
public class AllocationProjection implements Projection {

    private final RegistryRecords records;
    private final PoolRepository pool;

    AllocationProjection(RegistryRecords records, PoolRepository pool) {
        this.records = records;
        this.pool = pool;
    }

    @Override
    public String name() {
        return "allocation";
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        records.apply(connection, events);
        pool.apply(connection, events);
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        records.clear(connection);
        pool.clear(connection);
    }
}
