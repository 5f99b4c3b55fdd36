package org.numreg.client.feed;

import org.numreg.registry.codec.ChangeEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A part of a read model: some tables kept from the change feed, on the feed's transaction. */
public interface ReadModelTables {

    /** Applies the events that concern these tables, in log order. */
    void apply(Connection connection, List<ChangeEvent> events) throws SQLException;

    /** Empties the tables, for a rebuild. */
    void clear(Connection connection) throws SQLException;
}
