package org.numreg.client.records;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.registry.domain.OcnRecord;

import java.util.List;

/** The OCNs of the read model (entity {@link OcnEntity}). */
@ApplicationScoped
public class Ocns implements PanacheRepositoryBase<OcnEntity, String> {

    public List<OcnRecord> all() {
        return listAll(Sort.by("ocn")).stream().map(OcnEntity::record).toList();
    }

    /** Registers or updates an OCN, on the feed's transaction. */
    void save(OcnRecord record, long position) {
        OcnEntity ocn = findByIdOptional(record.ocn().value()).orElseGet(OcnEntity::new);
        ocn.ocn = record.ocn().value();
        ocn.name = record.name();
        ocn.contact = record.contact();
        ocn.position = position;
        // A new entity is inserted as it is when persisted; a known one is updated at the flush.
        persist(ocn);
    }
}
