package org.numreg.consensus.engine;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;

/** One unit of work in one PostgreSQL transaction: committed when it returns, rolled back when it throws. */
final class Transactions {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    static <T> T run(DataSource db, Work<T> work) throws SQLException {
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
