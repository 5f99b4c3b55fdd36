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
        try (Connection connection = db.getConnection(); PreparedStatement select = prepare(connection, sql, args);
             ResultSet rows = select.executeQuery()) {
            List<T> found = new ArrayList<>();
            while (rows.next()) {
                found.add(row.read(rows));
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + what, e);
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
