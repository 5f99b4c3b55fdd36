package org.numreg.client.records;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

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
}
