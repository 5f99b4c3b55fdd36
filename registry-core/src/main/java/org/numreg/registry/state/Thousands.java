package org.numreg.registry.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Table number_thousand, for one transaction: for each run of 1,000 number keys (key / 1000)
 * that holds records, how many it holds and which, as a bitmap (bit k of byte k / 8, least
 * significant first: PostgreSQL's get_bit order, and java.util.BitSet's). The lowest free number
 * of a thousand is then one row away instead of a thousand records; full thousands are skipped
 * by their count.
 */
final class Thousands {

    static final int SIZE = 1000;
    private static final int BYTES = SIZE / 8;
    private static final int PAGE = 2000;

    private final Sql sql;
    private final Connection db;
    /** thousand → its keys with a record in the database, as read or as written here (never changed in place). */
    private final Map<Long, BitSet> inDatabase = new HashMap<>();

    Thousands(Sql sql) {
        this.sql = sql;
        this.db = sql.connection();
    }

    /** The keys of {@code thousand} (0–999) that have a record in the database. */
    BitSet inDatabase(long thousand) {
        BitSet known = inDatabase.get(thousand);
        if (known == null) {
            load(List.of(thousand));
            known = inDatabase.get(thousand);
        }
        return known;
    }

    /** Reads the bitmaps of many thousands at once (those read before are not read again). */
    void load(Collection<Long> thousands) {
        List<Long> unknown = thousands.stream().filter(t -> !inDatabase.containsKey(t)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        unknown.forEach(t -> inDatabase.put(t, new BitSet(SIZE)));
        sql.queryAny("SELECT thousand, taken FROM number_thousand WHERE thousand = ANY(?)", "bigint", unknown,
                rs -> Map.entry(rs.getLong(1), BitSet.valueOf(rs.getBytes(2))))
                .forEach(row -> inDatabase.put(row.getKey(), row.getValue()));
    }

    /** Writes these thousands' keys with records (an empty one loses its row). */
    void write(Map<Long, BitSet> taken) throws SQLException {
        List<Long> emptied = new ArrayList<>();
        try (PreparedStatement upsert = db.prepareStatement("""
                INSERT INTO number_thousand (thousand, used, taken) VALUES (?, ?, ?)
                ON CONFLICT (thousand) DO UPDATE SET used = excluded.used, taken = excluded.taken""")) {
            for (Map.Entry<Long, BitSet> thousand : taken.entrySet()) {
                BitSet keys = thousand.getValue();
                if (keys.isEmpty()) {
                    emptied.add(thousand.getKey());
                } else {
                    upsert.setLong(1, thousand.getKey());
                    upsert.setInt(2, keys.cardinality());
                    upsert.setBytes(3, Arrays.copyOf(keys.toByteArray(), BYTES));
                    upsert.addBatch();
                }
                inDatabase.put(thousand.getKey(), keys);
            }
            upsert.executeBatch();
        }
        if (!emptied.isEmpty()) {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM number_thousand WHERE thousand = ANY(?)")) {
                delete.setArray(1, db.createArrayOf("bigint", emptied.toArray()));
                delete.executeUpdate();
            }
        }
    }

    /** The first thousand in [first, last] that is not full in the database (no row means empty). */
    OptionalLong nextNotFull(long first, long last) throws SQLException {
        long expected = first;
        while (expected <= last) {
            int rows = 0;
            try (PreparedStatement statement = db.prepareStatement("SELECT thousand, used FROM number_thousand"
                    + " WHERE thousand BETWEEN ? AND ? ORDER BY thousand LIMIT " + PAGE)) {
                statement.setLong(1, expected);
                statement.setLong(2, last);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        if (rs.getLong(1) > expected || rs.getInt(2) < SIZE) {
                            return OptionalLong.of(expected);
                        }
                        expected = rs.getLong(1) + 1;
                    }
                }
            }
            if (rows < PAGE) {
                break;
            }
        }
        return expected <= last ? OptionalLong.of(expected) : OptionalLong.empty();
    }
}
