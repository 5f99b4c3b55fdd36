package org.numreg.registry.state;

import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRecord;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The number records of one transaction, written behind: each is read once and then kept here;
 * what is saved or deleted is written by {@link #flush()} in a few batched statements, with the
 * bitmaps of the thousands whose records changed ({@link Thousands}).
 */
final class NumberCache {

    private static final int THOUSAND = Thousands.SIZE;

    private final Sql sql;
    private final Thousands thousands;
    /** number key → its record as this transaction sees it (read, or written and not flushed); empty: none. */
    private final Map<Long, Optional<NumberRecord>> numbers = new HashMap<>();
    /** Keys whose record the database holds (as read, or as flushed): written back with UPDATE, others with INSERT. */
    private final Set<Long> inDatabase = new HashSet<>();
    /** Keys written since the last flush, in order. */
    private final TreeSet<Long> changed = new TreeSet<>();

    NumberCache(Sql sql, Thousands thousands) {
        this.sql = sql;
        this.thousands = thousands;
    }

    /** Reads many numbers' records at once (before applying a batch of commands that name them). */
    void preload(Collection<E164> wanted) {
        List<Long> unknown = wanted.stream().map(E164::key).filter(key -> !numbers.containsKey(key)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        unknown.forEach(key -> read(key, Optional.empty()));
        sql.queryAny("SELECT * FROM number_record WHERE number_key = ANY(?)", "bigint", unknown, RegistryRows::number)
                .forEach(record -> read(record.number().key(), Optional.of(record)));
    }

    Optional<NumberRecord> get(E164 number) {
        Optional<NumberRecord> known = numbers.get(number.key());
        if (known == null) {
            known = sql.queryOne("SELECT * FROM number_record WHERE number_key = ?", RegistryRows::number, number.key());
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

    void save(NumberRecord r) {
        get(r.number()); // what the database holds for it decides INSERT or UPDATE
        numbers.put(r.number().key(), Optional.of(r));
        changed.add(r.number().key());
    }

    void delete(E164 number) {
        if (get(number).isPresent()) {
            numbers.put(number.key(), Optional.empty());
            changed.add(number.key());
        }
    }

    /** Writes what changed since the last flush. */
    void flush() throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        // Plain INSERTs and UPDATEs: this cache knows which records the database holds, and an
        // upsert (INSERT … ON CONFLICT) costs PostgreSQL a speculative insertion every time.
        try (PreparedStatement insert = sql.connection().prepareStatement("INSERT INTO number_record ("
                + RegistryRows.NUMBER_COLUMNS + ") VALUES (?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement update = sql.connection().prepareStatement("""
                UPDATE number_record SET ocn = ?, properties = ?::jsonb, pin_hash = ?, pin_failures = ?,
                    pin_locked_until = ?, lookup_pin_failures = ?, lookup_pin_locked_until = ?, port_protected = ?,
                    version = ?, allocated_at = ?, updated_at = ? WHERE number_key = ?""");
             PreparedStatement delete = sql.connection().prepareStatement(
                     "DELETE FROM number_record WHERE number_key = ?")) {
            for (long key : changed) {
                Optional<NumberRecord> record = numbers.get(key);
                if (record.isPresent()) {
                    PreparedStatement write = inDatabase.contains(key) ? update : insert;
                    Object[] values = RegistryRows.numberValues(record.get());
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
        for (long key : changed) {
            if (numbers.get(key).isPresent()) {
                inDatabase.add(key);
            } else {
                inDatabase.remove(key);
            }
        }
        changed.clear();
    }

    /** The keys of {@code thousand} with a record, as the database and what is written here say. */
    BitSet taken(long thousand) {
        return takenNow(Set.of(thousand)).get(thousand);
    }

    /** The lowest key in [from, to] whose record was deleted here and not flushed yet. */
    OptionalLong deletedBetween(long from, long to) {
        return changed.subSet(from, true, to, true).stream()
                .filter(key -> numbers.get(key).isEmpty()).mapToLong(Long::longValue).findFirst();
    }

    /** The thousands in which a key gained or lost its record since the last flush. */
    private Set<Long> changedThousands() {
        Set<Long> thousandsChanged = new TreeSet<>();
        for (long key : changed) {
            if (numbers.get(key).isPresent() != inDatabase.contains(key)) {
                thousandsChanged.add(key / THOUSAND);
            }
        }
        return thousandsChanged;
    }

    /** Each of these thousands' keys with a record, the database's corrected by what is written here. */
    private Map<Long, BitSet> takenNow(Set<Long> thousandsWanted) {
        thousands.load(thousandsWanted);
        Map<Long, BitSet> taken = new HashMap<>();
        for (long thousand : thousandsWanted) {
            BitSet keys = (BitSet) thousands.inDatabase(thousand).clone();
            long base = thousand * THOUSAND;
            for (long key : changed.subSet(base, true, base + THOUSAND - 1, true)) {
                keys.set((int) (key - base), numbers.get(key).isPresent());
            }
            taken.put(thousand, keys);
        }
        return taken;
    }
}
