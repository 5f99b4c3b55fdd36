package org.numreg.consensus.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * How far the log is applied: the last Paxos slot, the last position, its commit time and the
 * hash chain after it. Stored in the same transaction as what applying changed.
 */
public record LogHead(long slot, long position, Instant commitTime, byte[] hash) {

    public static LogHead load(Connection db) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT slot, position, commit_time, hash FROM log_head");
             ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("log_head is missing: the migrations did not run");
            }
            return new LogHead(rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                    rs.getBytes(4));
        }
    }

    void save(Connection db) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(
                "UPDATE log_head SET slot = ?, position = ?, commit_time = ?, hash = ? WHERE id = 1")) {
            statement.setLong(1, slot);
            statement.setLong(2, position);
            statement.setObject(3, commitTime.atOffset(ZoneOffset.UTC));
            statement.setBytes(4, hash);
            statement.executeUpdate();
        }
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    LogHead atSlot(long nextSlot) {
        return new LogHead(nextSlot, position, commitTime, hash);
    }
}
