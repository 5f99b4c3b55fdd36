package org.numreg.client.records;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.ReadModelTables;
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

import java.nio.charset.StandardCharsets;
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
 * The numbers and OCNs of the registry as a read model (entities {@link NumberEntity},
 * {@link OcnEntity}), kept by a service's projection from the change feed. A number's change is
 * made with the same {@link NumberRecord} transitions the state machine uses, so both agree on
 * every field. The projection writes numbers in batched SQL and sync-service reads them in SQL
 * inside its own consistent transactions (docs/architecture.md, Decisions); everything else goes
 * through Panache.
 */
@ApplicationScoped
public class RegistryRecords implements PanacheRepositoryBase<NumberEntity, String>, ReadModelTables {

    /** Numbers with their OCN's name, in one query. */
    private static final String WITH_HOLDER = "from NumberEntity n left join fetch n.holder";
    private static final String SELECT = "SELECT n.view, n.pin_hash, n.position, o.name FROM number_record n"
            + " LEFT JOIN ocn_record o ON o.ocn = n.ocn";

    private final Ocns ocns;

    RegistryRecords(Ocns ocns) {
        this.ocns = ocns;
    }

    /** The number's record: one indexed query. */
    public Optional<StoredNumber> find(E164 number) {
        return find(WITH_HOLDER + " where n.number = ?1", number.value()).firstResultOptional()
                .map(RegistryRecords::stored);
    }

    /**
     * The number's record as {@code connection} sees it: inside a feed transaction, with its
     * changes; inside a consistent read (sync), as of its start.
     */
    public Optional<StoredNumber> find(Connection connection, E164 number) throws SQLException {
        List<StoredNumber> found = Sql.query(connection, SELECT + " WHERE n.number = ?", RegistryRecords::stored,
                number.value());
        return found.stream().findFirst();
    }

    /** Every record, in number order, as {@code connection} sees them (recomputing digests, snapshots). */
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
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (filter.prefix() != null) {
            where.add("n.number >= :from and n.number < :to");
            parameters.and("from", filter.prefix().value()).and("to", Sql.underEnd(filter.prefix().value()));
        }
        filter.ocn().ifPresent(ocn -> {
            where.add("n.ocn = :ocn");
            parameters.and("ocn", ocn.value());
        });
        if (filter.zip() != null) {
            where.add("n.zip = :zip");
            parameters.and("zip", filter.zip());
        }
        if (filter.type() != null) {
            where.add("n.type = :type");
            parameters.and("type", filter.type().name());
        }
        if (filter.serviceIndicator() != null) {
            where.add("n.serviceIndicator = :service");
            parameters.and("service", filter.serviceIndicator().name());
        }
        if (after != null) {
            where.add("n.number > :after");
            parameters.and("after", after);
        }
        String query = WITH_HOLDER + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by n.number";
        return find(query, parameters).page(0, limit).stream().map(RegistryRecords::stored).toList();
    }

    /** How many numbers under {@code prefix} are allocated. */
    public long countUnder(String prefix) {
        return count("number >= ?1 and number < ?2", prefix, Sql.underEnd(prefix));
    }

    public List<OcnRecord> ocns() {
        return ocns.all();
    }

    public List<OcnRecord> ocns(Connection connection) throws SQLException {
        return Sql.query(connection, "SELECT ocn, name, contact FROM ocn_record ORDER BY ocn",
                row -> new OcnRecord(Ocn.of(row.getString(1)), row.getString(2), row.getString(3)));
    }

    private static StoredNumber stored(NumberEntity number) {
        return stored(number.view, number.pinHash, number.position, number.holder == null ? null : number.holder.name);
    }

    private static StoredNumber stored(ResultSet row) throws SQLException {
        return stored(row.getString(1), row.getString(2), row.getLong(3), row.getString(4));
    }

    private static StoredNumber stored(String view, String pinHash, long position, String ocnName) {
        return new StoredNumber(record(view(view), pinHash), ocnName, position);
    }

    private static Event.NumberView view(String json) {
        return RegistryJson.read(json.getBytes(StandardCharsets.UTF_8), Event.NumberView.class);
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
        boolean ocnsChanged = false;
        for (ChangeEvent event : events) {
            switch (event.data()) {
                case Event.OcnRegistered e -> {
                    ocns.save(new OcnRecord(e.ocn(), e.name(), e.contact()), event.position());
                    ocnsChanged = true;
                }
                case Event.OcnUpdated e -> {
                    ocns.save(new OcnRecord(e.ocn(), e.name(), e.contact()), event.position());
                    ocnsChanged = true;
                }
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
        if (ocnsChanged) {
            // Readers in SQL later in this transaction (sync's digests, tests) see the OCNs too.
            ocns.flush();
        }
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
                    return record(view(row.getString(1)), row.getString(2));
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
                    upsert.setString(9, new String(RegistryJson.write(Event.NumberView.of(record)), StandardCharsets.UTF_8));
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
