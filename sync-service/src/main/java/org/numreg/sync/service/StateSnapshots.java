package org.numreg.sync.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.ChangeFeed;
import org.numreg.client.feed.Sql;
import org.numreg.client.records.RegistryRecords;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.event.Event;
import org.numreg.sync.repository.ArchiveRepository;
import org.numreg.sync.repository.PastState;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's state as of a position, one JSON object per line: a {@code snapshot} line with
 * the position and the log hash after it, the OCNs, the numbers in number order, and an
 * {@code end} line repeating position and hash with the counts (a cut-off stream has none). Read
 * in one repeatable-read transaction, row by row: consistent, and flat in memory but for what
 * changed after the position.
 */
@ApplicationScoped
public class StateSnapshots {

    public record Header(String type, long position, String hash) {
    }

    public record OcnLine(String type, String ocn, String name, String contact) {
        static OcnLine of(OcnRecord r) {
            return new OcnLine("ocn", r.ocn().value(), r.name(), r.contact());
        }
    }

    /** {@code pinHash} only for registrars (a peer's full copy); null for everyone else. */
    public record NumberLine(String type, Event.NumberView number, String pinHash) {
    }

    public record End(String type, long position, String hash, long ocns, long numbers) {
    }

    private final AgroalDataSource db;
    private final ChangeFeed feed;
    private final RegistryRecords records;

    StateSnapshots(AgroalDataSource db, ChangeFeed feed, RegistryRecords records) {
        this.db = db;
        this.feed = feed;
        this.records = records;
    }

    /** Writes the state at {@code position}, which the read model must hold completely. */
    public void write(long position, boolean withPinHashes, OutputStream out) throws IOException {
        try {
            Sql.consistently(db, connection -> {
                long complete = feed.completePosition(connection);
                if (position > complete) {
                    throw new IllegalStateException("position " + position + " is after " + complete);
                }
                write(connection, PastState.at(connection, position, null), withPinHashes, out);
                return null;
            });
        } catch (SQLException e) {
            throw new IOException("cannot read the state at position " + position, e);
        }
    }

    private void write(Connection connection, PastState past, boolean withPinHashes, OutputStream out)
            throws SQLException, IOException {
        String hash = ArchiveRepository.hashAt(connection, past.position());
        JsonGenerator json = RegistryJson.mapper().getFactory().createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (SequenceWriter lines = RegistryJson.mapper().writer().withRootValueSeparator("\n").writeValues(json)) {
            lines.write(new Header("snapshot", past.position(), hash));
            Map<String, OcnRecord> ocns = new TreeMap<>();
            records.ocns(connection).forEach(ocn -> ocns.put(ocn.ocn().value(), ocn));
            past.ocns().forEach((ocn, then) -> then.ifPresentOrElse(r -> ocns.put(ocn, r), () -> ocns.remove(ocn)));
            for (OcnRecord ocn : ocns.values()) {
                lines.write(OcnLine.of(ocn));
            }
            NumberWriter numbers = new NumberWriter(lines, past, withPinHashes);
            try {
                records.forEach(connection, numbers::now);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            numbers.rest();
            lines.write(new End("end", past.position(), hash, ocns.size(), numbers.count));
        }
        out.write('\n');
        out.flush();
    }

    /** Merges today's numbers (in order) with those that changed since the position, in order. */
    private static final class NumberWriter {
        private final SequenceWriter lines;
        private final Iterator<Map.Entry<String, Optional<NumberRecord>>> changed;
        private final boolean withPinHashes;
        private Map.Entry<String, Optional<NumberRecord>> next;
        long count;

        NumberWriter(SequenceWriter lines, PastState past, boolean withPinHashes) {
            this.lines = lines;
            this.changed = past.numbers().entrySet().iterator();
            this.withPinHashes = withPinHashes;
            this.next = changed.hasNext() ? changed.next() : null;
        }

        /** A number as the read model holds it now. */
        void now(NumberRecord record) {
            try {
                String number = record.number().value();
                while (next != null && next.getKey().compareTo(number) <= 0) {
                    boolean same = next.getKey().equals(number);
                    writePast();
                    if (same) {
                        return;
                    }
                }
                write(record);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void rest() throws IOException {
            while (next != null) {
                writePast();
            }
        }

        private void writePast() throws IOException {
            if (next.getValue().isPresent()) {
                write(next.getValue().get());
            }
            next = changed.hasNext() ? changed.next() : null;
        }

        private void write(NumberRecord record) throws IOException {
            lines.write(new NumberLine("number", Event.NumberView.of(record), withPinHashes ? record.pinHash() : null));
            count++;
        }
    }
}
