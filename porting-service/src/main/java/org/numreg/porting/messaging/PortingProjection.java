package org.numreg.porting.messaging;

import jakarta.inject.Singleton;
import org.numreg.client.feed.TablesProjection;
import org.numreg.client.records.RegistryRecords;
import org.numreg.porting.repository.PortRepository;

/** porting's read model: numbers (with PIN hashes) and OCNs, and the completed ports. */
@Singleton
public class PortingProjection extends TablesProjection {

    PortingProjection(RegistryRecords records, PortRepository ports) {
        super("porting", records, ports);
    }
}
