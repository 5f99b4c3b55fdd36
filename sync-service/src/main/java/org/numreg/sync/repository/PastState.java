package org.numreg.sync.repository;

import org.numreg.client.feed.Sql;
import org.numreg.client.records.RegistryRecords;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.event.Event;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The numbers and OCNs as they stood at an earlier position, where they differ from now: every
 * subject the log changed after that position, replayed from its archived events up to it. As
 * big as what changed since — the rest is as the read model holds it.
 *
 * @param numbers each number changed after {@code position}: its record then, or empty if it had none
 * @param ocns    each OCN changed after {@code position}: its record then, or empty if not registered yet
 */
public record PastState(long position, NavigableMap<String, Optional<NumberRecord>> numbers,
                        Map<String, Optional<OcnRecord>> ocns) {

    /** "+" and at least 8 digits (E164). */
    private static final int MIN_NUMBER_LENGTH = 9;

    /**
     * Reads the past state from the archive in the caller's transaction (which must also be the
     * one that reads the present state: see {@link Sql#consistently}); only numbers under
     * {@code prefix} when one is given.
     */
    public static PastState at(Connection connection, long position, String prefix) throws SQLException {
        String under = prefix == null ? "" : " AND subject >= ? AND subject < ?";
        Object[] args = prefix == null ? new Object[] {position} : new Object[] {position, prefix, Sql.underEnd(prefix)};
        NavigableMap<String, Optional<NumberRecord>> numbers = new TreeMap<>();
        // Subjects starting with + are numbers or ranges' prefixes: a prefix as long as a number
        // passes for a number that never had a record, which changes nothing.
        Sql.query(connection, "SELECT DISTINCT subject FROM archived_event WHERE position > ? AND subject LIKE '+%'"
                + " AND length(subject) >= " + MIN_NUMBER_LENGTH + under, row -> row.getString(1), args)
                .forEach(number -> numbers.put(number, Optional.empty()));
        // OCNs are never removed: those changed since are in the read model, stamped with their last change.
        Map<String, Optional<OcnRecord>> ocns = new TreeMap<>();
        if (prefix == null) {
            Sql.query(connection, "SELECT ocn FROM ocn_record WHERE position > ?", row -> row.getString(1), position)
                    .forEach(ocn -> ocns.put(ocn, Optional.empty()));
        }
        List<String> subjects = new java.util.ArrayList<>(numbers.keySet());
        subjects.addAll(ocns.keySet());
        List<ChangeEvent> history = Sql.query(connection, "SELECT event FROM archived_event WHERE subject = ANY(?)"
                        + " AND position <= ? ORDER BY subject, position, idx",
                row -> ChangeEvent.fromJson(row.getString(1).getBytes(StandardCharsets.UTF_8)),
                connection.createArrayOf("text", subjects.toArray()), position);
        for (ChangeEvent event : history) {
            switch (event.data()) {
                case Event.OcnRegistered e -> ocns.computeIfPresent(e.ocn().value(),
                        (ocn, before) -> Optional.of(new OcnRecord(e.ocn(), e.name(), e.contact())));
                case Event.OcnUpdated e -> ocns.computeIfPresent(e.ocn().value(),
                        (ocn, before) -> Optional.of(new OcnRecord(e.ocn(), e.name(), e.contact())));
                default -> {
                    E164 number = RegistryRecords.changedNumber(event.data());
                    if (number != null) {
                        numbers.computeIfPresent(number.value(), (n, before) ->
                                Optional.ofNullable(RegistryRecords.after(before.orElse(null), event)));
                    }
                }
            }
        }
        return new PastState(position, numbers, ocns);
    }
}
