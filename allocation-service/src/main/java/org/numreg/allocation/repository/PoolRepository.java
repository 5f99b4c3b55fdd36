package org.numreg.allocation.repository;

import io.agroal.api.AgroalDataSource;
import org.numreg.client.feed.ReadModelTables;
import org.numreg.client.feed.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.event.Event;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Open ranges and assigned thousands-blocks (tables allocation_range, allocation_block). */
@ApplicationScoped
public class PoolRepository implements ReadModelTables {

    private final AgroalDataSource db;

    PoolRepository(AgroalDataSource db) {
        this.db = db;
    }

    public List<NumberRange> ranges() {
        return Sql.query(db, "ranges", "SELECT prefix, digits FROM allocation_range ORDER BY prefix",
                row -> new NumberRange(Prefix.of(row.getString(1)), row.getInt(2)));
    }

    public List<BlockRecord> blocks(Ocn ocn) {
        return Sql.query(db, "blocks", "SELECT block, ocn FROM allocation_block WHERE ocn = ? ORDER BY block",
                row -> new BlockRecord(Block.of(row.getString(1)), Ocn.of(row.getString(2))), ocn.value());
    }

    /** Applies range and block events on the feed's transaction. */
    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        for (ChangeEvent event : events) {
            switch (event.data()) {
                case Event.RangeOpened e -> Sql.update(connection, "INSERT INTO allocation_range (prefix, digits, position)"
                        + " VALUES (?, ?, ?)", e.prefix().value(), e.digits(), event.position());
                case Event.RangeClosed e -> Sql.update(connection, "DELETE FROM allocation_range WHERE prefix = ?",
                        e.prefix().value());
                case Event.BlockAllocated e -> Sql.update(connection, "INSERT INTO allocation_block (block, ocn, position)"
                        + " VALUES (?, ?, ?)", e.block().value(), e.ocn().value(), event.position());
                default -> {
                }
            }
        }
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        Sql.update(connection, "DELETE FROM allocation_range");
        Sql.update(connection, "DELETE FROM allocation_block");
    }
}
