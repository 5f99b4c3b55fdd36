package org.numreg.allocation.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.Ocn;

/** A thousands-block assigned to an OCN (table allocation_block). */
@Entity
@Table(name = "allocation_block")
public class BlockEntity {

    @Id
    public String block;
    public String ocn;
    /** The log position that assigned it. */
    public long position;

    public BlockRecord record() {
        return new BlockRecord(Block.of(block), Ocn.of(ocn));
    }
}
