package org.numreg.client.records;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.event.Event;

import java.nio.charset.StandardCharsets;

/**
 * A number as the change feed shows it (table number_record): the searchable fields as columns,
 * the whole record as the events show it in {@code view} (JSON, no PIN hash).
 */
@Entity
@Table(name = "number_record")
public class NumberEntity {

    @Id
    public String number;
    public String ocn;
    public String type;
    @Column(name = "service_indicator")
    public String serviceIndicator;
    public String zip;
    /** The consumer's PIN as a salted bcrypt hash; null when none is set. */
    @Column(name = "pin_hash")
    public String pinHash;
    public long version;
    /** The last log position that changed the record. */
    public long position;
    public String view;
    /** The holding OCN, for its name (every allocated number's OCN is registered before it). */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "ocn", insertable = false, updatable = false)
    public OcnEntity holder;

    static NumberEntity of(NumberRecord record, long position) {
        NumberEntity number = new NumberEntity();
        number.set(record, position);
        return number;
    }

    /** Holds {@code record}, as changed at {@code position}. */
    void set(NumberRecord record, long position) {
        NumberProperties p = record.properties();
        number = record.number().value();
        ocn = record.ocn().value();
        type = p.type() == null ? null : p.type().name();
        serviceIndicator = p.serviceIndicator() == null ? null : p.serviceIndicator().name();
        zip = p.location() == null ? null : p.location().zip();
        pinHash = record.pinHash();
        version = record.version();
        this.position = position;
        view = new String(RegistryJson.write(Event.NumberView.of(record)), StandardCharsets.UTF_8);
    }

    public NumberRecord record() {
        return record(view, pinHash);
    }

    static NumberRecord record(String viewJson, String pinHash) {
        return record(RegistryJson.read(viewJson.getBytes(StandardCharsets.UTF_8), Event.NumberView.class), pinHash);
    }

    static NumberRecord record(Event.NumberView view, String pinHash) {
        return new NumberRecord(view.number(), view.ocn(), view.properties(), pinHash, view.portPinFailures(),
                view.lookupPinFailures(), view.portProtected(), view.version(), view.allocatedAt(), view.updatedAt());
    }
}
