package org.numreg.sync.messaging;

import jakarta.inject.Singleton;
import org.numreg.client.feed.TablesProjection;
import org.numreg.client.records.RegistryRecords;
import org.numreg.sync.repository.ArchiveRepository;
import org.numreg.sync.repository.DigestRepository;

/** sync-service's read model: the archive of every event, the numbers, and their digest tree. */
@Singleton
public class ArchiveProjection extends TablesProjection {

    ArchiveProjection(ArchiveRepository archive, RegistryRecords records, DigestRepository digests) {
        super("sync", archive, records, digests);
    }
}
