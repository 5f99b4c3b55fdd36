package org.numreg.client.feed;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The read models' small JDBC needs: a statement with arguments, and a query into records. */
public final class Sql {

    private Sql() {
    }

    /** Reads one row into a value. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * The exclusive upper end of the keys under {@code prefix} in a "C"-collated text column: the
     * keys under it are [prefix, underEnd(prefix)), an index range ('~' sorts after digits and '+').
     */
    public static String underEnd(String prefix) {
        return prefix + "~";
    }

    public static int update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        }
    }

    /** Runs a query on a connection of its own; a database failure is an IllegalStateException naming {@code what}. */
    public static <T> List<T> query(DataSource db, String what, String sql, Row<T> row, Object... args) {
        try (Connection connection = db.getConnection()) {
            return query(connection, sql, row, args);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + what, e);
        }
    }

    /** Runs a query on the caller's connection (and transaction). */
    public static <T> List<T> query(Connection connection, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement select = prepare(connection, sql, args); ResultSet rows = select.executeQuery()) {
            List<T> found = new ArrayList<>();
            while (rows.next()) {
                found.add(row.read(rows));
            }
            return found;
        }
    }

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException, java.io.IOException;
    }

    /**
     * Runs {@code work} in a read-only repeatable-read transaction: all it reads is one consistent
     * view of the database, however long it takes (a streamed snapshot).
     */
    public static <T> T consistently(DataSource db, Work<T> work) throws SQLException, java.io.IOException {
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
            }
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }
}
