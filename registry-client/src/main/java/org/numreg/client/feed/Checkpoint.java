package org.numreg.client.feed;

import org.numreg.registry.codec.ChangeEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * How far a projection got: the last event it applied (position, index), the highest position it
 * holds completely, and the topic offset to read on from.
 */
record Checkpoint(long position, int index, long completePosition, long nextOffset) {

    static final Checkpoint START = new Checkpoint(0, -1, 0, 0);

    boolean covers(ChangeEvent event) {
        return event.position() < position || event.position() == position && event.index() <= index;
    }

    /** After {@code events} (read up to {@code nextOffset}): the checkpoint moved past them. */
    Checkpoint after(List<ChangeEvent> events, long nextOffset) {
        Checkpoint next = new Checkpoint(position, index, completePosition, Math.max(this.nextOffset, nextOffset));
        for (ChangeEvent event : events) {
            if (!next.covers(event)) {
                next = new Checkpoint(event.position(), event.index(),
                        event.completesPosition() ? event.position() : next.completePosition, next.nextOffset);
            }
        }
        return next;
    }

    /** Reads the checkpoint, locking its row until the transaction ends: replicas sharing a database take turns. */
    static Checkpoint lock(Connection connection, String projection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO projection_checkpoint (projection, position) VALUES (?, 0) ON CONFLICT DO NOTHING")) {
            insert.setString(1, projection);
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT position, event_index, complete_position,"
                + " next_offset FROM projection_checkpoint WHERE projection = ? FOR UPDATE")) {
            select.setString(1, projection);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new Checkpoint(row.getLong(1), row.getInt(2), row.getLong(3), row.getLong(4));
            }
        }
    }

    /** Reads the checkpoint as the caller's transaction sees it, without locking it. */
    static Checkpoint read(Connection connection, String projection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT position, event_index, complete_position,"
                + " next_offset FROM projection_checkpoint WHERE projection = ?")) {
            select.setString(1, projection);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Checkpoint(row.getLong(1), row.getInt(2), row.getLong(3), row.getLong(4)) : START;
            }
        }
    }

    void save(Connection connection, String projection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE projection_checkpoint SET position = ?,"
                + " event_index = ?, complete_position = ?, next_offset = ? WHERE projection = ?")) {
            update.setLong(1, position);
            update.setInt(2, index);
            update.setLong(3, completePosition);
            update.setLong(4, nextOffset);
            update.setString(5, projection);
            update.executeUpdate();
        }
    }
}
