package org.numreg.registry.state;

import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Registrar;
import org.numreg.registry.domain.ScheduledPort;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The registry state in PostgreSQL (schema: db/registry/), on a connection
 * whose transaction the caller owns. The lowest free number is found by skipping full thousands
 * (number_thousand) and then reading at most one thousand records.
 *
 * <p>One instance serves one transaction: it remembers the small, rarely changing tables (OCNs,
 * ranges, blocks) and the command ids it has looked up or written, so applying a batch of
 * commands does not ask the database the same questions again.
 */
public final class JdbcRegistryStore implements RegistryStore {

    private static final int THOUSAND = 1000;
    private static final int PAGE = 2000;

    private final Connection db;
    private final Map<Ocn, Optional<OcnRecord>> ocns = new HashMap<>();
    private final Map<Block, Optional<BlockRecord>> blocks = new HashMap<>();
    private final Map<String, Optional<Applied>> appliedById = new HashMap<>();
    private List<NumberRange> ranges;

    public JdbcRegistryStore(Connection db) {
        this.db = db;
    }

    /** Every table of the registry state: a snapshot of them all is the state at a position. */
    public static final List<String> STATE_TABLES = List.of("number_record", "number_thousand", "ocn", "number_range",
            "number_block", "registrar", "scheduled_port", "applied_command");

    /** The schema's migrations (db/registry), in order: the services run them with Flyway. */
    static final List<String> MIGRATIONS = List.of("V1__registry_state.sql", "V1_1__scheduled_ports.sql");

    /** Creates the schema on an empty database without Flyway (tests and benchmarks). */
    public static void createSchema(Connection db) throws SQLException {
        for (String migration : MIGRATIONS) {
            try (java.io.InputStream ddl = JdbcRegistryStore.class.getResourceAsStream("/db/registry/" + migration);
                 java.sql.Statement statement = db.createStatement()) {
                statement.execute(new String(ddl.readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read " + migration, e);
            }
        }
    }

    /** Looks up many command ids at once (before applying a batch of commands). */
    public void preloadApplied(Collection<String> commandIds) {
        List<String> unknown = commandIds.stream().filter(id -> !appliedById.containsKey(id)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        unknown.forEach(id -> appliedById.put(id, Optional.empty()));
        try (PreparedStatement statement = db.prepareStatement(
                "SELECT command_id, applied FROM applied_command WHERE command_id = ANY(?)")) {
            statement.setArray(1, db.createArrayOf("text", unknown.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    appliedById.put(rs.getString(1), Optional.of(
                            RegistryJson.read(rs.getString(2).getBytes(StandardCharsets.UTF_8), Applied.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry store: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<NumberRecord> number(E164 number) {
        return queryOne("SELECT * FROM number_record WHERE number_key = ?", this::numberRecord, number.key());
    }

    @Override
    public void saveNumber(NumberRecord r) {
        boolean inserted = queryOne("""
                INSERT INTO number_record (number_key, ocn, properties, pin_hash, pin_failures, pin_locked,
                    port_protected, version, allocated_at, updated_at) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (number_key) DO UPDATE SET ocn = excluded.ocn, properties = excluded.properties,
                    pin_hash = excluded.pin_hash, pin_failures = excluded.pin_failures, pin_locked = excluded.pin_locked,
                    port_protected = excluded.port_protected, version = excluded.version,
                    allocated_at = excluded.allocated_at, updated_at = excluded.updated_at
                RETURNING (xmax = 0) AS inserted""", rs -> rs.getBoolean(1),
                r.number().key(), r.ocn().value(), json(r.properties()), r.pinHash(), r.pinFailures(), r.pinLocked(),
                r.portProtected(), r.version(), utc(r.allocatedAt()), utc(r.updatedAt()))
                .orElseThrow();
        if (inserted) {
            update("""
                    INSERT INTO number_thousand (thousand, used) VALUES (?, 1)
                    ON CONFLICT (thousand) DO UPDATE SET used = number_thousand.used + 1""", r.number().key() / THOUSAND);
        }
    }

    @Override
    public void deleteNumber(E164 number) {
        if (update("DELETE FROM number_record WHERE number_key = ?", number.key()) == 1) {
            long thousand = number.key() / THOUSAND;
            update("UPDATE number_thousand SET used = used - 1 WHERE thousand = ?", thousand);
            update("DELETE FROM number_thousand WHERE thousand = ? AND used = 0", thousand);
        }
    }

    @Override
    public OptionalLong firstFree(long from, long to) {
        long candidate = from;
        while (candidate <= to) {
            long thousand = candidate / THOUSAND;
            long end = Math.min(to, thousand * THOUSAND + THOUSAND - 1);
            OptionalLong inThousand = firstGap(candidate, end);
            if (inThousand.isPresent()) {
                return inThousand;
            }
            OptionalLong next = nextNotFullThousand(thousand + 1, to / THOUSAND);
            if (next.isEmpty()) {
                return OptionalLong.empty();
            }
            candidate = next.getAsLong() * THOUSAND;
        }
        return OptionalLong.empty();
    }

    /**
     * The first key in [from, to] without a record (a span within one thousand). PostgreSQL finds it:
     * the candidates are {@code from} and every taken key + 1; the first candidate not taken is it.
     */
    private OptionalLong firstGap(long from, long to) {
        return queryOne("""
                SELECT min(c.k) FROM (SELECT ?::bigint AS k
                                      UNION ALL
                                      SELECT number_key + 1 FROM number_record WHERE number_key BETWEEN ? AND ?) c
                WHERE c.k <= ? AND NOT EXISTS (SELECT 1 FROM number_record r WHERE r.number_key = c.k)""",
                rs -> {
                    long key = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(key);
                }, from, from, to, to).orElse(OptionalLong.empty());
    }

    /** The first thousand in [first, last] that is not full (no row means empty). */
    private OptionalLong nextNotFullThousand(long first, long last) {
        long expected = first;
        while (expected <= last) {
            List<long[]> rows = queryList("SELECT thousand, used FROM number_thousand WHERE thousand BETWEEN ? AND ? "
                    + "ORDER BY thousand LIMIT " + PAGE, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, expected, last);
            for (long[] row : rows) {
                if (row[0] > expected || row[1] < THOUSAND) {
                    return OptionalLong.of(expected);
                }
                expected = row[0] + 1;
            }
            if (rows.size() < PAGE) {
                break;
            }
        }
        return expected <= last ? OptionalLong.of(expected) : OptionalLong.empty();
    }

    @Override
    public boolean anyNumber(long from, long to) {
        return queryOne("SELECT 1 FROM number_record WHERE number_key BETWEEN ? AND ? LIMIT 1", rs -> true, from, to)
                .isPresent();
    }

    @Override
    public Optional<OcnRecord> ocn(Ocn ocn) {
        return ocns.computeIfAbsent(ocn, o -> queryOne("SELECT ocn, name, contact FROM ocn WHERE ocn = ?",
                rs -> new OcnRecord(Ocn.of(rs.getString(1)), rs.getString(2), rs.getString(3)), o.value()));
    }

    @Override
    public void saveOcn(OcnRecord r) {
        update("INSERT INTO ocn (ocn, name, contact) VALUES (?, ?, ?) ON CONFLICT (ocn) DO UPDATE "
                + "SET name = excluded.name, contact = excluded.contact", r.ocn().value(), r.name(), r.contact());
        ocns.put(r.ocn(), Optional.of(r));
    }

    @Override
    public List<NumberRange> ranges() {
        if (ranges == null) {
            ranges = queryList("SELECT prefix, digits FROM number_range ORDER BY first_key",
                    rs -> new NumberRange(Prefix.of(rs.getString(1)), rs.getInt(2)));
        }
        return ranges;
    }

    @Override
    public void saveRange(NumberRange range) {
        update("INSERT INTO number_range (prefix, digits, first_key) VALUES (?, ?, ?)", range.prefix().value(),
                range.digits(), range.firstKey());
        ranges = null;
    }

    @Override
    public void deleteRange(Prefix prefix) {
        update("DELETE FROM number_range WHERE prefix = ?", prefix.value());
        ranges = null;
    }

    @Override
    public Optional<BlockRecord> block(Block block) {
        return blocks.computeIfAbsent(block, b -> queryOne("SELECT ocn FROM number_block WHERE block = ?",
                rs -> new BlockRecord(b, Ocn.of(rs.getString(1))), b.value()));
    }

    @Override
    public void saveBlock(BlockRecord r) {
        update("INSERT INTO number_block (block, ocn) VALUES (?, ?)", r.block().value(), r.ocn().value());
        blocks.put(r.block(), Optional.of(r));
    }

    @Override
    public Optional<Registrar> registrar(String id) {
        return queryOne("SELECT id, node, endpoint FROM registrar WHERE id = ?", JdbcRegistryStore::registrarOf, id);
    }

    @Override
    public List<Registrar> registrars() {
        return queryList("SELECT id, node, endpoint FROM registrar ORDER BY id", JdbcRegistryStore::registrarOf);
    }

    @Override
    public void saveRegistrar(Registrar r) {
        update("INSERT INTO registrar (id, node, endpoint) VALUES (?, ?, ?)", r.id(), r.node(), r.endpoint());
    }

    @Override
    public void deleteRegistrar(String id) {
        update("DELETE FROM registrar WHERE id = ?", id);
    }

    @Override
    public Optional<ScheduledPort> scheduledPort(E164 number) {
        return queryOne("SELECT port_id, losing_ocn, gaining_ocn, due_at FROM scheduled_port WHERE number_key = ?",
                rs -> new ScheduledPort(rs.getString(1), number, Ocn.of(rs.getString(2)), Ocn.of(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class).toInstant()), number.key());
    }

    @Override
    public void saveScheduledPort(ScheduledPort p) {
        update("INSERT INTO scheduled_port (number_key, port_id, losing_ocn, gaining_ocn, due_at) VALUES (?, ?, ?, ?, ?)",
                p.number().key(), p.portId(), p.losingOcn().value(), p.gainingOcn().value(), utc(p.dueAt()));
    }

    @Override
    public void deleteScheduledPort(E164 number) {
        update("DELETE FROM scheduled_port WHERE number_key = ?", number.key());
    }

    @Override
    public Optional<Applied> applied(String commandId) {
        return appliedById.computeIfAbsent(commandId, id -> queryOne(
                "SELECT applied FROM applied_command WHERE command_id = ?",
                rs -> RegistryJson.read(rs.getString(1).getBytes(StandardCharsets.UTF_8), Applied.class), id));
    }

    @Override
    public void saveApplied(Applied applied) {
        update("INSERT INTO applied_command (command_id, position, applied) VALUES (?, ?, ?::jsonb)",
                applied.commandId(), applied.position(), json(applied));
        appliedById.put(applied.commandId(), Optional.of(applied));
    }

    @Override
    public List<NumberRecord> numbers() {
        return queryList("SELECT * FROM number_record ORDER BY number_key", this::numberRecord);
    }

    // ------------------------------------------------------------------ JDBC plumbing

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private NumberRecord numberRecord(ResultSet rs) throws SQLException {
        return new NumberRecord(E164.ofKey(rs.getLong("number_key")), Ocn.of(rs.getString("ocn")),
                RegistryJson.read(rs.getString("properties").getBytes(StandardCharsets.UTF_8), NumberProperties.class),
                rs.getString("pin_hash"), rs.getInt("pin_failures"), rs.getBoolean("pin_locked"),
                rs.getBoolean("port_protected"), rs.getLong("version"),
                rs.getObject("allocated_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static Registrar registrarOf(ResultSet rs) throws SQLException {
        return new Registrar(rs.getString(1), rs.getInt(2), rs.getString(3));
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String json(Object value) {
        return new String(RegistryJson.write(value), StandardCharsets.UTF_8);
    }

    private <T> Optional<T> queryOne(String sql, Row<T> row, Object... args) {
        List<T> rows = queryList(sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private <T> List<T> queryList(String sql, Row<T> row, Object... args) {
        try (PreparedStatement statement = prepare(sql, args); ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.read(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("registry store: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement statement = prepare(sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("registry store: " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }
}
