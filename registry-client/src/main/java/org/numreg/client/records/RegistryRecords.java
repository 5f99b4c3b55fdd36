package org.numreg.client.records;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.Sql;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.PinChannel;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.event.Event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The numbers and OCNs of the registry as a read model (tables number_record, ocn_record), kept by
 * a service's projection from the change feed. A number's change is made with the same
 * {@link NumberRecord} transitions the state machine uses, so both agree on every field.
 */
@ApplicationScoped
public class RegistryRecords implements org.numreg.client.feed.ReadModelTables {

    private static final String SELECT = "SELECT n.view, n.pin_hash, n.position, o.name FROM number_record n"
            + " LEFT JOIN ocn_record o ON o.ocn = n.ocn";

    private final AgroalDataSource db;

    RegistryRecords(AgroalDataSource db) {
        this.db = db;
    }

    /** The number's record: one indexed query. */
    public Optional<StoredNumber> find(E164 number) {
        try (Connection connection = db.getConnection()) {
            return find(connection, number);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + number, e);
        }
    }

    /** The number's record as {@code connection} sees it (inside a feed transaction: with its changes). */
    public Optional<StoredNumber> find(Connection connection, E164 number) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE n.number = ?")) {
            select.setString(1, number.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(stored(row)) : Optional.empty();
            }
        }
    }

    /** Every record, in number order, as {@code connection} sees them (recomputing digests). */
    public void forEach(Connection connection, java.util.function.Consumer<NumberRecord> action) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY n.number")) {
            select.setFetchSize(1000);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    action.accept(stored(row).record());
                }
            }
        }
    }

    /**
     * The OCN to act for on a number: the one the caller named, or else the number's holder in
     * the read model (the state machine checks it holds the number either way).
     */
    public Ocn holderOf(E164 number, String named) {
        if (named != null) {
            return Ocn.of(named);
        }
        return find(number).map(n -> n.record().ocn())
                .orElseThrow(() -> new jakarta.ws.rs.NotFoundException(number + " is not allocated"));
    }

    /**
     * Numbers matching {@code filter}, in number order after {@code after} (exclusive; null from the start).
     */
    public List<StoredNumber> search(NumberFilter filter, String after, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE true");
        if (filter.prefix() != null) {
            sql.append(" AND n.number >= ? AND n.number < ?");
            args.add(filter.prefix().value());
            args.add(Sql.underEnd(filter.prefix().value()));
        }
        filter.ocn().ifPresent(ocn -> {
            sql.append(" AND n.ocn = ?");
            args.add(ocn.value());
        });
        if (filter.zip() != null) {
            sql.append(" AND n.zip = ?");
            args.add(filter.zip());
        }
        if (filter.type() != null) {
            sql.append(" AND n.type = ?");
            args.add(filter.type().name());
        }
        if (filter.serviceIndicator() != null) {
            sql.append(" AND n.service_indicator = ?");
            args.add(filter.serviceIndicator().name());
        }
        if (after != null) {
            sql.append(" AND n.number > ?");
            args.add(after);
        }
        sql.append(" ORDER BY n.number LIMIT ?");
        args.add(limit);
        return Sql.query(db, "numbers", sql.toString(), RegistryRecords::stored, args.toArray());
    }

    /** How many numbers under {@code prefix} are allocated. */
    public long countUnder(String prefix) {
        return Sql.query(db, "numbers", "SELECT count(*) FROM number_record WHERE number >= ? AND number < ?",
                row -> row.getLong(1), prefix, Sql.underEnd(prefix)).getFirst();
    }

    public List<OcnRecord> ocns() {
        return Sql.query(db, "OCNs", OCNS, RegistryRecords::ocnOf);
    }

    public List<OcnRecord> ocns(Connection connection) throws SQLException {
        return Sql.query(connection, OCNS, RegistryRecords::ocnOf);
    }

    private static final String OCNS = "SELECT ocn, name, contact FROM ocn_record ORDER BY ocn";

    private static OcnRecord ocnOf(ResultSet row) throws SQLException {
        return new OcnRecord(Ocn.of(row.getString(1)), row.getString(2), row.getString(3));
    }

    private static StoredNumber stored(ResultSet row) throws SQLException {
        Event.NumberView view = RegistryJson.read(row.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Event.NumberView.class);
        return new StoredNumber(record(view, row.getString(2)), row.getString(4), row.getLong(3));
    }

    static NumberRecord record(Event.NumberView view, String pinHash) {
        return new NumberRecord(view.number(), view.ocn(), view.properties(), pinHash, view.portPinFailures(),
                view.lookupPinFailures(), view.portProtected(), view.version(), view.allocatedAt(), view.updatedAt());
    }

    // ------------------------------------------------------------------ projection

    /** The number whose record an event changes, or null for events that change none. */
    public static E164 changedNumber(Event event) {
        return switch (event) {
            case Event.NumberAllocated e -> e.number().number();
            case Event.NumberUpdated e -> e.number().number();
            case Event.NumberReleased e -> e.number();
            case Event.PinSet e -> e.number();
            case Event.PinFailureRecorded e -> e.number();
            case Event.PortCompleted e -> e.number();
            case Event.PortProtectionSet e -> e.number();
            default -> null;
        };
    }

    /** Applies the number and OCN events among {@code events}, in order, on the feed's transaction. */
    @Override
    public void apply(Connection connection, List<ChangeEvent> events) throws SQLException {
        Batch batch = new Batch(connection);
        for (ChangeEvent event : events) {
            switch (event.data()) {
                case Event.OcnRegistered e -> saveOcn(connection, new OcnRecord(e.ocn(), e.name(), e.contact()), event);
                case Event.OcnUpdated e -> saveOcn(connection, new OcnRecord(e.ocn(), e.name(), e.contact()), event);
                default -> {
                    E164 number = changedNumber(event.data());
                    if (number != null) {
                        // An allocation or release does not depend on the record before: no need to read it.
                        boolean replaces = event.data() instanceof Event.NumberAllocated
                                || event.data() instanceof Event.NumberReleased;
                        batch.put(number, after(replaces ? null : batch.get(number), event), event);
                    }
                }
            }
        }
        batch.flush();
    }

    /**
     * A number's record after {@code event} ({@code before}: its record until then, or null when it
     * had none); null when the event released it. The one place the read models follow the log's
     * changes to a number.
     */
    public static NumberRecord after(NumberRecord before, ChangeEvent event) {
        return switch (event.data()) {
            case Event.NumberAllocated e -> record(e.number(), null);
            case Event.NumberUpdated e -> record(e.number(), held(e.number().number(), before).pinHash());
            case Event.NumberReleased e -> null;
            case Event.PinSet e -> held(e.number(), before).withPin(e.pinHash(), event.time());
            case Event.PinFailureRecorded e -> {
                NumberRecord r = held(e.number(), before);
                PinFailures failures = e.channelFailures();
                yield new NumberRecord(r.number(), r.ocn(), r.properties(), r.pinHash(),
                        e.channel() == PinChannel.PORT ? failures : r.portPinFailures(),
                        e.channel() == PinChannel.LOOKUP ? failures : r.lookupPinFailures(),
                        r.portProtected(), e.version(), r.allocatedAt(), event.time());
            }
            case Event.PortCompleted e -> held(e.number(), before).portedTo(e.gainingOcn(), event.time());
            case Event.PortProtectionSet e -> held(e.number(), before).withPortProtection(e.portProtected(), event.time());
            default -> before;
        };
    }

    private static NumberRecord held(E164 number, NumberRecord record) {
        if (record == null) {
            // The log says it changed a number the read model does not hold: the two disagree; stop rather than guess.
            throw new IllegalStateException("the read model does not hold " + number + " that the log changes");
        }
        return record;
    }

    @Override
    public void clear(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM number_record");
            statement.executeUpdate("DELETE FROM ocn_record");
        }
    }

    private static void saveOcn(Connection connection, OcnRecord ocn, ChangeEvent event) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO ocn_record (ocn, name, contact, position)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (ocn) DO UPDATE SET name = EXCLUDED.name,"
                + " contact = EXCLUDED.contact, position = EXCLUDED.position")) {
            upsert.setString(1, ocn.ocn().value());
            upsert.setString(2, ocn.name());
            upsert.setString(3, ocn.contact());
            upsert.setLong(4, event.position());
            upsert.executeUpdate();
        }
    }

    /**
     * One feed batch's number changes: read through to the table, written at the end in two batched
     * statements (a bulk allocation of thousands of numbers is one multi-row upsert).
     */
    private static final class Batch {
        private final Connection connection;
        /** number → its record after the batch so far, or null once released. */
        private final Map<String, NumberRecord> changed = new LinkedHashMap<>();
        private final Map<String, Long> positions = new HashMap<>();

        Batch(Connection connection) {
            this.connection = connection;
        }

        /** The record as the batch has it so far, or null. */
        NumberRecord get(E164 number) throws SQLException {
            if (changed.containsKey(number.value())) {
                return changed.get(number.value());
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT view, pin_hash FROM number_record WHERE number = ?")) {
                select.setString(1, number.value());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    return record(RegistryJson.read(row.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            Event.NumberView.class), row.getString(2));
                }
            }
        }

        /** The number's record from now on (null: released). */
        void put(E164 number, NumberRecord record, ChangeEvent event) {
            changed.put(number.value(), record);
            positions.put(number.value(), event.position());
        }

        void flush() throws SQLException {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM number_record WHERE number = ?");
                 PreparedStatement upsert = connection.prepareStatement("INSERT INTO number_record (number, ocn, type,"
                         + " service_indicator, zip, pin_hash, version, position, view) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                         + " ON CONFLICT (number) DO UPDATE SET ocn = EXCLUDED.ocn, type = EXCLUDED.type,"
                         + " service_indicator = EXCLUDED.service_indicator, zip = EXCLUDED.zip,"
                         + " pin_hash = EXCLUDED.pin_hash, version = EXCLUDED.version, position = EXCLUDED.position,"
                         + " view = EXCLUDED.view")) {
                boolean deletes = false;
                boolean upserts = false;
                for (Map.Entry<String, NumberRecord> entry : changed.entrySet()) {
                    NumberRecord record = entry.getValue();
                    if (record == null) {
                        delete.setString(1, entry.getKey());
                        delete.addBatch();
                        deletes = true;
                        continue;
                    }
                    NumberProperties p = record.properties();
                    upsert.setString(1, entry.getKey());
                    upsert.setString(2, record.ocn().value());
                    setNullable(upsert, 3, p.type() == null ? null : p.type().name());
                    setNullable(upsert, 4, p.serviceIndicator() == null ? null : p.serviceIndicator().name());
                    setNullable(upsert, 5, p.location() == null ? null : p.location().zip());
                    setNullable(upsert, 6, record.pinHash());
                    upsert.setLong(7, record.version());
                    upsert.setLong(8, positions.get(entry.getKey()));
                    upsert.setString(9, new String(RegistryJson.write(Event.NumberView.of(record)),
                            java.nio.charset.StandardCharsets.UTF_8));
                    upsert.addBatch();
                    upserts = true;
                }
                if (deletes) {
                    delete.executeBatch();
                }
                if (upserts) {
                    upsert.executeBatch();
                }
            }
        }

        private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
            if (value == null) {
                statement.setNull(index, Types.VARCHAR);
            } else {
                statement.setString(index, value);
            }
        }
    }
}
