package org.numreg.registry.state;

import org.numreg.registry.event.Applied;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Registrar;
import org.numreg.registry.domain.ScheduledPort;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The registry state in PostgreSQL (schema: db/registry/, migrated by Flyway), on a connection
 * whose transaction the caller owns. The lowest free number is found by {@link FreeNumbers}.
 *
 * <p>One instance serves one transaction: it remembers the small, rarely changing tables (OCNs,
 * ranges, blocks) and the command ids it has looked up or written, so applying a batch of
 * commands does not ask the database the same questions again. Numbers and applied commands are
 * written behind ({@link NumberCache}): kept here, read from here, and written with a few batched
 * statements by {@link #flush()} — which the caller must call before it commits. A batch of allocations thus
 * costs a handful of round trips, not several per command.
 */
public final class JdbcRegistryStore implements RegistryStore {

    private final Sql sql;
    private final NumberCache numbers;
    private final FreeNumbers free;
    private final Map<Ocn, Optional<OcnRecord>> ocns = new HashMap<>();
    private final Map<Block, Optional<BlockRecord>> blocks = new HashMap<>();
    private final Map<String, Optional<Applied>> appliedById = new HashMap<>();
    private final List<Applied> appliedToSave = new ArrayList<>();
    private List<NumberRange> ranges;

    public JdbcRegistryStore(Connection db) {
        this.sql = new Sql(db);
        Thousands thousands = new Thousands(sql);
        this.numbers = new NumberCache(sql, thousands);
        this.free = new FreeNumbers(thousands, numbers);
    }

    /** Every table of the registry state: a snapshot of them all is the state at a position. */
    public static final List<String> STATE_TABLES = List.of("number_record", "number_thousand", "ocn", "number_range",
            "number_block", "registrar", "scheduled_port", "applied_command");

    /** Looks up many command ids at once (before applying a batch of commands). */
    public void preloadApplied(Collection<String> commandIds) {
        List<String> unknown = commandIds.stream().filter(id -> !appliedById.containsKey(id)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        unknown.forEach(id -> appliedById.put(id, Optional.empty()));
        sql.queryAny("SELECT command_id, applied FROM applied_command WHERE command_id = ANY(?)", "text", unknown,
                rs -> Map.entry(rs.getString(1), RegistryJson.read(rs.getBytes(2), Applied.class)))
                .forEach(row -> appliedById.put(row.getKey(), Optional.of(row.getValue())));
    }

    /** Reads many numbers' records at once (before applying a batch of commands that name them). */
    public void preloadNumbers(Collection<E164> wanted) {
        numbers.preload(wanted);
    }

    @Override
    public Optional<NumberRecord> number(E164 number) {
        return numbers.get(number);
    }

    @Override
    public void saveNumber(NumberRecord r) {
        numbers.save(r);
    }

    @Override
    public void deleteNumber(E164 number) {
        numbers.delete(number);
    }

    /** Writes the numbers and applied commands kept here, in a few batched statements. */
    public void flush() {
        try {
            numbers.flush();
            try (PreparedStatement insert = sql.connection().prepareStatement(
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
            throw Sql.failed(e);
        }
        appliedToSave.clear();
    }

    @Override
    public OptionalLong firstFree(long from, long to) {
        return free.first(from, to);
    }

    @Override
    public boolean anyNumber(long from, long to) {
        flush();
        return sql.queryOne("SELECT 1 FROM number_record WHERE number_key BETWEEN ? AND ? LIMIT 1", rs -> true,
                from, to).isPresent();
    }

    @Override
    public Optional<OcnRecord> ocn(Ocn ocn) {
        return ocns.computeIfAbsent(ocn, o -> sql.queryOne("SELECT ocn, name, contact FROM ocn WHERE ocn = ?",
                rs -> new OcnRecord(Ocn.of(rs.getString(1)), rs.getString(2), rs.getString(3)), o.value()));
    }

    @Override
    public void saveOcn(OcnRecord r) {
        sql.update("INSERT INTO ocn (ocn, name, contact) VALUES (?, ?, ?) ON CONFLICT (ocn) DO UPDATE "
                + "SET name = excluded.name, contact = excluded.contact", r.ocn().value(), r.name(), r.contact());
        ocns.put(r.ocn(), Optional.of(r));
    }

    @Override
    public List<NumberRange> ranges() {
        if (ranges == null) {
            ranges = sql.queryList("SELECT prefix, digits FROM number_range ORDER BY first_key",
                    rs -> new NumberRange(Prefix.of(rs.getString(1)), rs.getInt(2)));
        }
        return ranges;
    }

    @Override
    public void saveRange(NumberRange range) {
        sql.update("INSERT INTO number_range (prefix, digits, first_key) VALUES (?, ?, ?)", range.prefix().value(),
                range.digits(), range.firstKey());
        ranges = null;
    }

    @Override
    public void deleteRange(Prefix prefix) {
        sql.update("DELETE FROM number_range WHERE prefix = ?", prefix.value());
        ranges = null;
    }

    @Override
    public Optional<BlockRecord> block(Block block) {
        return blocks.computeIfAbsent(block, b -> sql.queryOne("SELECT ocn FROM number_block WHERE block = ?",
                rs -> new BlockRecord(b, Ocn.of(rs.getString(1))), b.value()));
    }

    @Override
    public void saveBlock(BlockRecord r) {
        sql.update("INSERT INTO number_block (block, ocn) VALUES (?, ?)", r.block().value(), r.ocn().value());
        blocks.put(r.block(), Optional.of(r));
    }

    @Override
    public Optional<Registrar> registrar(String id) {
        return sql.queryOne("SELECT id, node, endpoint FROM registrar WHERE id = ?", RegistryRows::registrar, id);
    }

    @Override
    public List<Registrar> registrars() {
        return sql.queryList("SELECT id, node, endpoint FROM registrar ORDER BY id", RegistryRows::registrar);
    }

    @Override
    public void saveRegistrar(Registrar r) {
        sql.update("INSERT INTO registrar (id, node, endpoint) VALUES (?, ?, ?)", r.id(), r.node(), r.endpoint());
    }

    @Override
    public void deleteRegistrar(String id) {
        sql.update("DELETE FROM registrar WHERE id = ?", id);
    }

    @Override
    public Optional<ScheduledPort> scheduledPort(E164 number) {
        return sql.queryOne("SELECT port_id, losing_ocn, gaining_ocn, due_at FROM scheduled_port WHERE number_key = ?",
                rs -> new ScheduledPort(rs.getString(1), number, Ocn.of(rs.getString(2)), Ocn.of(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class).toInstant()), number.key());
    }

    @Override
    public void saveScheduledPort(ScheduledPort p) {
        sql.update("INSERT INTO scheduled_port (number_key, port_id, losing_ocn, gaining_ocn, due_at) VALUES (?, ?, ?, ?, ?)",
                p.number().key(), p.portId(), p.losingOcn().value(), p.gainingOcn().value(), RegistryRows.utc(p.dueAt()));
    }

    @Override
    public void deleteScheduledPort(E164 number) {
        sql.update("DELETE FROM scheduled_port WHERE number_key = ?", number.key());
    }

    @Override
    public Optional<Applied> applied(String commandId) {
        return appliedById.computeIfAbsent(commandId, id -> sql.queryOne(
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
        return sql.queryList("SELECT * FROM number_record ORDER BY number_key", RegistryRows::number);
    }
}
