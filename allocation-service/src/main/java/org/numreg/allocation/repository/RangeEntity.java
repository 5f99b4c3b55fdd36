package org.numreg.allocation.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.Prefix;

/** An open range: numbers of {@code digits} digits under {@code prefix} may be allocated (table allocation_range). */
@Entity
@Table(name = "allocation_range")
public class RangeEntity {

    @Id
    public String prefix;
    public int digits;
    /** The log position that opened it. */
    public long position;

    public NumberRange range() {
        return new NumberRange(Prefix.of(prefix), digits);
    }
}
