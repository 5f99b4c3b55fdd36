package org.numreg.client.records;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.OcnRecord;

/** An OCN as the change feed shows it (table ocn_record). */
@Entity
@Table(name = "ocn_record")
public class OcnEntity {

    @Id
    public String ocn;
    public String name;
    public String contact;
    /** The last log position that changed it. */
    public long position;

    public OcnRecord record() {
        return new OcnRecord(Ocn.of(ocn), name, contact);
    }
}
