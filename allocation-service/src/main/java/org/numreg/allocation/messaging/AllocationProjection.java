package org.numreg.allocation.messaging;

import jakarta.inject.Singleton;
import org.numreg.allocation.repository.PoolRepository;
import org.numreg.client.feed.TablesProjection;
import org.numreg.client.records.RegistryRecords;

/** allocation's read model: numbers and OCNs, open ranges and blocks. */
@Singleton
public class AllocationProjection extends TablesProjection {

    AllocationProjection(RegistryRecords records, PoolRepository pool) {
        super("allocation", records, pool);
    }
}
