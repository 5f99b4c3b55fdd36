package org.numreg.client.feed;

import org.numreg.registry.codec.ChangeEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A service's read model made of parts (the shared numbers and OCNs, and its own tables), applied in order. */
public abstract class TablesProjection implements Projection {

    private final String name;
    private final List<ReadModelTables> parts;

    protected TablesProjection(String name, ReadModelTables... parts) {
        this.name = name;
        this.parts = List.of(parts);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        for (ReadModelTables part : parts) {
            part.apply(connection, events);
        }
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        for (ReadModelTables part : parts) {
            part.clear(connection);
        }
    }
}
