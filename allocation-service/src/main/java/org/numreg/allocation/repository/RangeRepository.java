package org.numreg.allocation.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.feed.ReadModelTables;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.event.Event;

import java.sql.Connection;
import java.util.List;

/** The open ranges, kept from the change feed. */
@ApplicationScoped
public class RangeRepository implements PanacheRepositoryBase<RangeEntity, String>, ReadModelTables {

    public List<NumberRange> ranges() {
        return listAll(Sort.by("prefix")).stream().map(RangeEntity::range).toList();
    }

    @Override
    public void apply(Connection connection, List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            switch (event.data()) {
                case Event.RangeOpened e -> {
                    RangeEntity range = new RangeEntity();
                    range.prefix = e.prefix().value();
                    range.digits = e.digits();
                    range.position = event.position();
                    persist(range);
                }
                case Event.RangeClosed e -> {
                    deleteById(e.prefix().value());
                    // Gone from the table before the batch might open the same prefix again.
                    flush();
                }
                default -> {
                }
            }
        }
    }

    @Override
    public void clear(Connection connection) {
        deleteAll();
    }
}
