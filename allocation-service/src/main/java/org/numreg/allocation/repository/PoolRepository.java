package org.numreg.allocation.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.event.Event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Open ranges and assigned thousands-blocks (tables allocation_range, allocation_block). */
@ApplicationScoped
public class PoolRepository {

    private final AgroalDataSource db;

    PoolRepository(AgroalDataSource db) {
        this.db = db;
    }

    public List<NumberRange> ranges() {
        return query("SELECT prefix, digits FROM allocation_range ORDER BY prefix", null,
                row -> new NumberRange(Prefix.of(row.getString(1)), row.getInt(2)));
    }

    public List<BlockRecord> blocks(Ocn ocn) {
        return query("SELECT block, ocn FROM allocation_block WHERE ocn = ? ORDER BY block", ocn.value(),
                row -> new BlockRecord(Block.of(row.getString(1)), Ocn.of(row.getString(2))));
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, String arg, RowMapper<T> mapper) {
        try (Connection connection = db.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            if (arg != null) {
                select.setString(1, arg);
            }
            List<T> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(mapper.map(row));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the pool", e);
        }
    }

    /** Applies range and block events on the feed's transaction. */
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        for (ChangeEvent event : events) {
            switch (event.data()) {
                case Event.RangeOpened e -> update(connection, "INSERT INTO allocation_range (prefix, digits, position)"
                        + " VALUES (?, ?, ?)", e.prefix().value(), e.digits(), event.position());
                case Event.RangeClosed e -> update(connection, "DELETE FROM allocation_range WHERE prefix = ?",
                        e.prefix().value());
                case Event.BlockAllocated e -> update(connection, "INSERT INTO allocation_block (block, ocn, position)"
                        + " VALUES (?, ?, ?)", e.block().value(), e.ocn().value(), event.position());
                default -> {
                }
            }
        }
    }

    public void clear(Connection connection) throws SQLException {
        update(connection, "DELETE FROM allocation_range");
        update(connection, "DELETE FROM allocation_block");
    }

    private static void update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }
}
