package org.numreg.client.records;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.ReadModelTables;
import org.numreg.client.feed.Sql;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.E164;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The numbers and OCNs of the registry as a read model (entities {@link NumberEntity},
 * {@link OcnEntity}), kept by a service's projection from the change feed. A number's change is
 * made with the same {@link NumberRecord} transitions the state machine uses, so both agree on
 * every field. Two reads stay in SQL (docs/architecture.md, Decisions): whois' public lookup, and
 * sync-service's reads inside its own consistent transactions.
 */
@ApplicationScoped
public class RegistryRecords implements PanacheRepositoryBase<NumberEntity, String>, ReadModelTables {

    /** Numbers with their OCN's name, in one query. */
    private static final String WITH_HOLDER = "from NumberEntity n left join fetch n.holder";
    private static final String SELECT = "SELECT n.view, n.pin_hash, n.position, o.name FROM number_record n"
            + " LEFT JOIN ocn_record o ON o.ocn = n.ocn";
    private static final String BY_NUMBER = SELECT + " WHERE n.number = ?";

    private final AgroalDataSource db;
    private final Ocns ocns;

    RegistryRecords(AgroalDataSource db, Ocns ocns) {
        this.db = db;
        this.ocns = ocns;
    }

    /** The number's record: one indexed query. */
    public Optional<StoredNumber> find(E164 number) {
        // Whois' public lookup: one prepared statement, a fifth faster than the same query through
        // Hibernate (docs/architecture.md, Decisions).
        return Sql.query(db, "numbers", BY_NUMBER, RegistryRecords::stored, number.value()).stream().findFirst();
    }

    /**
     * The number's record as {@code connection} sees it: inside a feed transaction, with its
     * changes; inside a consistent read (sync), as of its start.
     */
    public Optional<StoredNumber> find(Connection connection, E164 number) throws SQLException {
        return Sql.query(connection, BY_NUMBER, RegistryRecords::stored, number.value()).stream().findFirst();
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
        return new StoredNumber(number.record(), number.holder == null ? null : number.holder.name, number.position);
    }

    private static StoredNumber stored(ResultSet row) throws SQLException {
        return new StoredNumber(NumberEntity.record(row.getString(1), row.getString(2)), row.getString(4), row.getLong(3));
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
    public void apply(Connection connection, List<ChangeEvent> events) {
        Set<String> removed = new HashSet<>();
        for (ChangeEvent event : events) {
            switch (event.data()) {
                case Event.OcnRegistered e -> ocns.save(new OcnRecord(e.ocn(), e.name(), e.contact()), event.position());
                case Event.OcnUpdated e -> ocns.save(new OcnRecord(e.ocn(), e.name(), e.contact()), event.position());
                case Event.NumberAllocated e -> {
                    if (removed.remove(e.number().number().value())) {
                        // Released earlier in this batch: its row goes before the new one comes.
                        flush();
                    }
                    // An allocation does not depend on the record before: nothing to read.
                    persist(NumberEntity.of(after(null, event), event.position()));
                }
                default -> {
                    E164 number = changedNumber(event.data());
                    if (number != null) {
                        NumberEntity row = findById(number.value());
                        NumberRecord next = after(row == null ? null : row.record(), event);
                        if (next != null) {
                            row.set(next, event.position());
                        } else if (row != null) {
                            delete(row);
                            removed.add(number.value());
                        }
                    }
                }
            }
        }
        // Readers in SQL later in this transaction (sync's digests) see the changes.
        flush();
    }

    /**
     * A number's record after {@code event} ({@code before}: its record until then, or null when it
     * had none); null when the event released it. The one place the read models follow the log's
     * changes to a number.
     */
    public static NumberRecord after(NumberRecord before, ChangeEvent event) {
        return switch (event.data()) {
            case Event.NumberAllocated e -> NumberEntity.record(e.number(), null);
            case Event.NumberUpdated e -> NumberEntity.record(e.number(), held(e.number().number(), before).pinHash());
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
    public void clear(Connection connection) {
        deleteAll();
        ocns.deleteAll();
    }
}
