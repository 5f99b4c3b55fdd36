package org.numreg.support.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The last log position a projection (a read model fed from numreg.changes) has applied. */
@Entity
@Table(name = "projection_checkpoint")
public class ProjectionCheckpoint extends PanacheEntityBase {

    @Id
    public String projection;

    public long position;

    /** The position applied so far: 0 before the first event. */
    public static long positionOf(String projection) {
        ProjectionCheckpoint checkpoint = findById(projection);
        return checkpoint == null ? 0 : checkpoint.position;
    }
}
