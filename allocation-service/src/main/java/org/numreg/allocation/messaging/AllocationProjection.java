package org.numreg.allocation.messaging;

import jakarta.inject.Singleton;
import org.numreg.allocation.repository.BlockRepository;
import org.numreg.allocation.repository.RangeRepository;
import org.numreg.client.feed.TablesProjection;
import org.numreg.client.records.RegistryRecords;

/** allocation's read model: numbers and OCNs, open ranges and blocks. */
@Singleton
public class AllocationProjection extends TablesProjection {

    AllocationProjection(RegistryRecords records, RangeRepository ranges, BlockRepository blocks) {
        super("allocation", records, ranges, blocks);
    }
}
