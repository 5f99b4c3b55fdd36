package org.numreg.sync.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.ReadModelTables;
import org.numreg.client.feed.Sql;
import org.numreg.client.records.Digests;
import org.numreg.client.records.RegistryRecords;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The digest tree of the numbers (table digest_node), kept up to date by the change feed: a
 * changed number's leaf delta is XORed into every node above it, on the feed's transaction, after
 * the numbers themselves changed (RegistryRecords).
 */
@ApplicationScoped
public class DigestRepository implements ReadModelTables {

    private final AgroalDataSource db;
    private final RegistryRecords records;

    DigestRepository(AgroalDataSource db, RegistryRecords records) {
        this.db = db;
        this.records = records;
    }

    private static Digests.Node nodeOf(ResultSet row) throws SQLException {
        return new Digests.Node(row.getString(1), row.getBytes(2), row.getLong(3));
    }

    /** A node and its children (those with numbers under them). */
    public record Subtree(Digests.Node node, List<Digests.Node> children) {
    }

    /** The node at {@code prefix} and its children as of a complete position (the latest, or an earlier one). */
    public Subtree at(long position, String prefix) {
        try {
            return Sql.consistently(db, connection -> at(connection, prefix, PastState.at(connection, position, prefix)));
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot read the digests at position " + position, e);
        }
    }

    /**
     * The node at {@code prefix} and its children as they were at an earlier position, in the
     * caller's consistent transaction: today's nodes with the leaves of every number changed since
     * swapped back for what they were then ({@code past}).
     */
    public Subtree at(Connection connection, String prefix, PastState past) throws SQLException {
        Map<String, Digests.Node> nodes = new HashMap<>();
        for (Digests.Node node : Sql.query(connection, "SELECT prefix, hash, count FROM digest_node WHERE prefix = ?"
                + " OR (prefix > ? AND prefix < ? AND length(prefix) = ?)", DigestRepository::nodeOf,
                prefix, prefix, Sql.underEnd(prefix), prefix.length() + 1)) {
            nodes.put(node.prefix(), node);
        }
        for (Map.Entry<String, Optional<NumberRecord>> change : past.numbers().entrySet()) {
            String number = change.getKey();
            Optional<NumberRecord> now = records.find(connection, E164.of(number)).map(n -> n.record());
            byte[] delta = Digests.xor(now.map(Digests::leaf).orElse(null), change.getValue().map(Digests::leaf).orElse(null));
            long count = (change.getValue().isPresent() ? 1 : 0) - (now.isPresent() ? 1 : 0);
            List<String> touched = number.length() > prefix.length()
                    ? List.of(prefix, number.substring(0, prefix.length() + 1)) : List.of(prefix);
            for (String key : touched) {
                Digests.Node node = nodes.getOrDefault(key, new Digests.Node(key, null, 0));
                nodes.put(key, new Digests.Node(key, Digests.xor(node.hash(), delta), node.count() + count));
            }
        }
        Digests.Node node = nodes.remove(prefix);
        return new Subtree(node == null || node.count() == 0 ? null : node, nodes.values().stream()
                .filter(child -> child.count() > 0).sorted(java.util.Comparator.comparing(Digests.Node::prefix)).toList());
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        Set<String> touched = new LinkedHashSet<>();
        for (ChangeEvent event : events) {
            E164 number = RegistryRecords.changedNumber(event.data());
            if (number != null) {
                touched.add(number.value());
            }
        }
        if (touched.isEmpty()) {
            return;
        }
        Map<String, byte[]> hashDelta = new HashMap<>();
        Map<String, Long> countDelta = new HashMap<>();
        Map<String, Digests.Node> leaves = read(connection, new ArrayList<>(touched));
        for (String number : touched) {
            Digests.Node before = leaves.get(number);
            Optional<NumberRecord> after = records.find(connection, E164.of(number)).map(n -> n.record());
            byte[] delta = Digests.xor(before == null ? null : before.hash(), after.map(Digests::leaf).orElse(null));
            long count = (after.isPresent() ? 1 : 0) - (before == null ? 0 : 1);
            for (String prefix : Digests.prefixes(number)) {
                hashDelta.merge(prefix, delta, Digests::xor);
                countDelta.merge(prefix, count, Long::sum);
            }
        }
        Map<String, Digests.Node> current = read(connection, new ArrayList<>(hashDelta.keySet()));
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO digest_node (prefix, hash, count)"
                + " VALUES (?, ?, ?) ON CONFLICT (prefix) DO UPDATE SET hash = EXCLUDED.hash, count = EXCLUDED.count");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM digest_node WHERE prefix = ?")) {
            for (String prefix : hashDelta.keySet()) {
                Digests.Node node = current.get(prefix);
                long count = (node == null ? 0 : node.count()) + countDelta.get(prefix);
                if (count == 0) {
                    delete.setString(1, prefix);
                    delete.addBatch();
                    continue;
                }
                upsert.setString(1, prefix);
                upsert.setBytes(2, Digests.xor(node == null ? null : node.hash(), hashDelta.get(prefix)));
                upsert.setLong(3, count);
                upsert.addBatch();
            }
            delete.executeBatch();
            upsert.executeBatch();
        }
    }

    /** Builds the tree anew from the numbers as stored (checks the store against what the feed built). */
    public void recompute() {
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                clear(connection);
                List<NumberRecord> all = new ArrayList<>();
                records.forEach(connection, all::add);
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO digest_node (prefix, hash, count) VALUES (?, ?, ?)")) {
                    for (Digests.Node node : Digests.tree(all).values()) {
                        insert.setString(1, node.prefix());
                        insert.setBytes(2, node.hash());
                        insert.setLong(3, node.count());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recompute the digests", e);
        }
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        Sql.update(connection, "DELETE FROM digest_node");
    }

    private static Map<String, Digests.Node> read(Connection connection, List<String> prefixes) throws SQLException {
        Map<String, Digests.Node> nodes = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT prefix, hash, count FROM digest_node WHERE prefix = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("text", prefixes.toArray()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    nodes.put(row.getString(1), new Digests.Node(row.getString(1), row.getBytes(2), row.getLong(3)));
                }
            }
        }
        return nodes;
    }
}
