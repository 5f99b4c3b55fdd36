package org.numreg.registry.state;

import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinFailures;
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
 * and then reading one thousand's bitmap of keys with records ({@link Thousands}).
 *
 * <p>One instance serves one transaction: it remembers the small, rarely changing tables (OCNs,
 * ranges, blocks) and the command ids it has looked up or written, so applying a batch of
 * commands does not ask the database the same questions again. Numbers and applied commands are
 * written behind: kept here, read from here, and written with a few batched statements by
 * {@link #flush()} — which the caller must call before it commits. A batch of allocations thus
 * costs a handful of round trips, not several per command.
 */
public final class JdbcRegistryStore implements RegistryStore {

    private static final int THOUSAND = Thousands.SIZE;

    private final Connection db;
    private final Map<Ocn, Optional<OcnRecord>> ocns = new HashMap<>();
    private final Map<Block, Optional<BlockRecord>> blocks = new HashMap<>();
    private final Map<String, Optional<Applied>> appliedById = new HashMap<>();
    private List<NumberRange> ranges;
    /** number key → its record as this store sees it (read, or written and not flushed); empty: none. */
    private final Map<Long, Optional<NumberRecord>> numbers = new HashMap<>();
    /** Keys whose record the database holds (as read, or as flushed): written back with UPDATE, others with INSERT. */
    private final java.util.Set<Long> inDatabase = new java.util.HashSet<>();
    /** Keys written since the last flush, in order. */
    private final java.util.TreeSet<Long> changedNumbers = new java.util.TreeSet<>();
    private final List<Applied> appliedToSave = new ArrayList<>();

    private final Thousands thousands;

    public JdbcRegistryStore(Connection db) {
        this.db = db;
        this.thousands = new Thousands(db);
    }

    /** Every table of the registry state: a snapshot of them all is the state at a position. */
    public static final List<String> STATE_TABLES = List.of("number_record", "number_thousand", "ocn", "number_range",
            "number_block", "registrar", "scheduled_port", "applied_command");

    /** The schema's migrations (db/registry), in order: the services run them with Flyway. */
    static final List<String> MIGRATIONS = List.of("V1__registry_state.sql", "V1_1__scheduled_ports.sql",
            "V3__applied_as_bytes.sql", "V4__pin_channels.sql", "V5__thousand_bitmaps.sql");

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
                    appliedById.put(rs.getString(1), Optional.of(RegistryJson.read(rs.getBytes(2), Applied.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry store: " + e.getMessage(), e);
        }
    }

    /** Reads many numbers' records at once (before applying a batch of commands that name them). */
    public void preloadNumbers(Collection<E164> wanted) {
        List<Long> unknown = wanted.stream().map(E164::key).filter(key -> !numbers.containsKey(key)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        unknown.forEach(key -> read(key, Optional.empty()));
        try (PreparedStatement statement = db.prepareStatement("SELECT * FROM number_record WHERE number_key = ANY(?)")) {
            statement.setArray(1, db.createArrayOf("bigint", unknown.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    NumberRecord record = numberRecord(rs);
                    read(record.number().key(), Optional.of(record));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry store: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<NumberRecord> number(E164 number) {
        Optional<NumberRecord> known = numbers.get(number.key());
        if (known == null) {
            known = queryOne("SELECT * FROM number_record WHERE number_key = ?", this::numberRecord, number.key());
            read(number.key(), known);
        }
        return known;
    }

    /** Remembers what the database holds for a key. */
    private void read(long key, Optional<NumberRecord> record) {
        numbers.put(key, record);
        if (record.isPresent()) {
            inDatabase.add(key);
        }
    }

    @Override
    public void saveNumber(NumberRecord r) {
        number(r.number()); // what the database holds for it decides INSERT or UPDATE
        numbers.put(r.number().key(), Optional.of(r));
        changedNumbers.add(r.number().key());
    }

    @Override
    public void deleteNumber(E164 number) {
        if (number(number).isPresent()) {
            numbers.put(number.key(), Optional.empty());
            changedNumbers.add(number.key());
        }
    }

    /** Writes the numbers and applied commands kept here, in a few batched statements. */
    public void flush() {
        try {
            flushNumbers();
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO applied_command (command_id, position, applied) VALUES (?, ?, ?)")) {
                for (Applied applied : appliedToSave) {
                    insert.setString(1, applied.commandId());
                    insert.setLong(2, applied.position());
                    insert.setBytes(3, RegistryJson.write(applied));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry store: " + e.getMessage(), e);
        }
        appliedToSave.clear();
    }

    private void flushNumbers() throws SQLException {
        if (changedNumbers.isEmpty()) {
            return;
        }
        // Plain INSERTs and UPDATEs: the store knows which records the database holds, and an
        // upsert (INSERT … ON CONFLICT) costs PostgreSQL a speculative insertion every time.
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO number_record (ocn, properties, pin_hash, pin_failures, pin_locked_until,
                    lookup_pin_failures, lookup_pin_locked_until, port_protected, version, allocated_at, updated_at,
                    number_key) VALUES (?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement update = db.prepareStatement("""
                UPDATE number_record SET ocn = ?, properties = ?::jsonb, pin_hash = ?, pin_failures = ?,
                    pin_locked_until = ?, lookup_pin_failures = ?, lookup_pin_locked_until = ?, port_protected = ?,
                    version = ?, allocated_at = ?, updated_at = ? WHERE number_key = ?""");
             PreparedStatement delete = db.prepareStatement("DELETE FROM number_record WHERE number_key = ?")) {
            for (long key : changedNumbers) {
                Optional<NumberRecord> record = numbers.get(key);
                if (record.isPresent()) {
                    NumberRecord r = record.get();
                    PreparedStatement write = inDatabase.contains(key) ? update : insert;
                    Object[] values = {r.ocn().value(), json(r.properties()), r.pinHash(),
                            r.portPinFailures().count(), utc(r.portPinFailures().lockedUntil()),
                            r.lookupPinFailures().count(), utc(r.lookupPinFailures().lockedUntil()),
                            r.portProtected(), r.version(), utc(r.allocatedAt()), utc(r.updatedAt()), key};
                    for (int i = 0; i < values.length; i++) {
                        write.setObject(i + 1, values[i]);
                    }
                    write.addBatch();
                } else if (inDatabase.contains(key)) {
                    delete.setLong(1, key);
                    delete.addBatch();
                }
            }
            insert.executeBatch();
            update.executeBatch();
            delete.executeBatch();
        }
        thousands.write(takenNow(changedThousands()));
        for (long key : changedNumbers) {
            if (numbers.get(key).isPresent()) {
                inDatabase.add(key);
            } else {
                inDatabase.remove(key);
            }
        }
        changedNumbers.clear();
    }

    /** The thousands in which a key gained or lost its record since the last flush. */
    private java.util.Set<Long> changedThousands() {
        java.util.Set<Long> changed = new java.util.TreeSet<>();
        for (long key : changedNumbers) {
            if (numbers.get(key).isPresent() != inDatabase.contains(key)) {
                changed.add(key / THOUSAND);
            }
        }
        return changed;
    }

    /** Each of these thousands' keys with a record, the database's corrected by what is written here. */
    private Map<Long, java.util.BitSet> takenNow(java.util.Set<Long> thousandsWanted) throws SQLException {
        thousands.load(thousandsWanted);
        Map<Long, java.util.BitSet> taken = new HashMap<>();
        for (long thousand : thousandsWanted) {
            java.util.BitSet keys = (java.util.BitSet) thousands.inDatabase(thousand).clone();
            long base = thousand * THOUSAND;
            for (long key : changedNumbers.subSet(base, true, base + THOUSAND - 1, true)) {
                keys.set((int) (key - base), numbers.get(key).isPresent());
            }
            taken.put(thousand, keys);
        }
        return taken;
    }

    /**
     * The lowest key in [from, to] without a record: the first clear bit of the first thousand
     * that is not full, as the database and what is written here (not flushed yet) say.
     */
    @Override
    public OptionalLong firstFree(long from, long to) {
        try {
            // A thousand full in the database is skipped, unless a record of it was deleted here.
            OptionalLong deleted = changedNumbers.subSet(from, true, to, true).stream()
                    .filter(key -> numbers.get(key).isEmpty()).mapToLong(Long::longValue).findFirst();
            long candidate = from;
            while (candidate <= to && (deleted.isEmpty() || candidate < deleted.getAsLong())) {
                long thousand = candidate / THOUSAND;
                long base = thousand * THOUSAND;
                int free = takenNow(java.util.Set.of(thousand)).get(thousand).nextClearBit((int) (candidate - base));
                if (free < THOUSAND && base + free <= to) {
                    long key = base + free;
                    return deleted.isPresent() && deleted.getAsLong() < key ? deleted : OptionalLong.of(key);
                }
                OptionalLong next = thousands.nextNotFull(thousand + 1, to / THOUSAND);
                if (next.isEmpty()) {
                    break;
                }
                candidate = next.getAsLong() * THOUSAND;
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("registry store: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean anyNumber(long from, long to) {
        flush();
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
                rs -> RegistryJson.read(rs.getBytes(1), Applied.class), id));
    }

    @Override
    public void saveApplied(Applied applied) {
        appliedToSave.add(applied);
        appliedById.put(applied.commandId(), Optional.of(applied));
    }

    @Override
    public List<NumberRecord> numbers() {
        flush();
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
                rs.getString("pin_hash"),
                pinFailures(rs, "pin_failures", "pin_locked_until"),
                pinFailures(rs, "lookup_pin_failures", "lookup_pin_locked_until"),
                rs.getBoolean("port_protected"), rs.getLong("version"),
                rs.getObject("allocated_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static PinFailures pinFailures(ResultSet rs, String count, String lockedUntil) throws SQLException {
        OffsetDateTime until = rs.getObject(lockedUntil, OffsetDateTime.class);
        return new PinFailures(rs.getInt(count), until == null ? null : until.toInstant());
    }

    private static Registrar registrarOf(ResultSet rs) throws SQLException {
        return new Registrar(rs.getString(1), rs.getInt(2), rs.getString(3));
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
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
