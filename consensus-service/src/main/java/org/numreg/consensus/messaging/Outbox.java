package org.numreg.consensus.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code outbox} table, all of its SQL: a snapshot install queues the events its registrar
 * lacked (checked whole first, in the install's transaction), and {@link ChangesPublisher} puts
 * them on the topic, then deletes them, before anything after them.
 */
public final class Outbox {

    /** Rows per round trip to PostgreSQL, read or written. */
    static final int BATCH = 1000;

    private Outbox() {
    }

    /** Events queued in the caller's transaction, sent to PostgreSQL a batch at a time. */
    public static final class Queue implements AutoCloseable {

        private final PreparedStatement insert;
        private int pending;

        private Queue(Connection connection) throws SQLException {
            insert = connection.prepareStatement("INSERT INTO outbox (position, idx, payload) VALUES (?, ?, ?)");
        }

        public void add(TopicEvent event) throws SQLException {
            insert.setLong(1, event.position());
            insert.setInt(2, event.index());
            insert.setBytes(3, event.payload());
            insert.addBatch();
            if (++pending == BATCH) {
                flush(); // the driver holds a batch in memory: a snapshot's events may not fit
            }
        }

        private void flush() throws SQLException {
            insert.executeBatch();
            pending = 0;
        }

        /** Sends what is left; the caller's transaction commits it. */
        @Override
        public void close() throws SQLException {
            try (insert) {
                flush();
            }
        }
    }

    public static Queue queue(Connection connection) throws SQLException {
        return new Queue(connection);
    }

    /** At most {@link #BATCH} events after {@code cursor}, in log order. */
    static List<TopicEvent> after(Connection connection, ChangesTopic.Cursor cursor) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT position, idx, payload FROM outbox WHERE (position, idx) > (?, ?) ORDER BY position, idx LIMIT "
                        + BATCH)) {
            statement.setLong(1, cursor.position());
            statement.setInt(2, cursor.index());
            List<TopicEvent> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new TopicEvent(rs.getLong(1), rs.getInt(2), rs.getBytes(3)));
                }
            }
            return rows;
        }
    }

    /** Deletes the events through {@code cursor}: the topic holds them. */
    static void deleteThrough(Connection connection, ChangesTopic.Cursor cursor) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE (position, idx) <= (?, ?)")) {
            delete.setLong(1, cursor.position());
            delete.setInt(2, cursor.index());
            delete.executeUpdate();
        }
    }
}
