package org.numreg.allocation.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.ReadModelTables;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.event.Event;

import java.sql.Connection;
import java.util.List;

/** The thousands-blocks assigned to OCNs, kept from the change feed. */
@ApplicationScoped
public class BlockRepository implements PanacheRepositoryBase<BlockEntity, String>, ReadModelTables {

    public List<BlockRecord> of(Ocn ocn) {
        return list("ocn", Sort.by("block"), ocn.value()).stream().map(BlockEntity::record).toList();
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            if (event.data() instanceof Event.BlockAllocated e) {
                BlockEntity block = new BlockEntity();
                block.block = e.block().value();
                block.ocn = e.ocn().value();
                block.position = event.position();
                persist(block);
            }
        }
    }

    @Override
    public void clear(Connection connection) {
        deleteAll();
    }
}
