package org.numreg.client.feed;

import org.numreg.registry.codec.ChangeEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A read model fed from numreg.changes. The {@link ChangeFeed} hands it each event once, in log
 * order, inside the transaction that also moves its checkpoint: so a replayed event is a no-op
 * and the read model never holds half a batch.
 */
public interface Projection {

    /** The name its checkpoint is stored under. */
    String name();

    /** Applies events the read model has not seen, in log order, on the feed's transaction. */
    void apply(Connection connection, List<ChangeEvent> events) throws SQLException;

    /** Empties the read model, for a rebuild from the start of the topic (same transaction as the checkpoint's reset). */
    void clear(Connection connection) throws SQLException;

    /**
     * After the transaction committed: the events this replica saw, applied now or (when replicas
     * share the database) by another replica before. For caches to forget what changed.
     */
    default void seen(List<ChangeEvent> events) {
    }
}
