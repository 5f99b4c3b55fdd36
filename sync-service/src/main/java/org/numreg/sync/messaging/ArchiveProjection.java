package org.numreg.sync.messaging;

import jakarta.inject.Singleton;
import org.numreg.client.feed.TablesProjection;
import org.numreg.sync.repository.ArchiveRepository;

/** sync-service's read model: the archive of every event. */
@Singleton
public class ArchiveProjection extends TablesProjection {

    ArchiveProjection(ArchiveRepository archive) {
        super("sync", archive);
    }
}
