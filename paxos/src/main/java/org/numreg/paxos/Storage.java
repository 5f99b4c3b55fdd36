package org.numreg.paxos;

import java.util.NavigableMap;

/**
 * What a node persisted, read once when it restarts: the caller implements it over its durable
 * store (consensus-service: PostgreSQL) and keeps it current with every {@link Ready}.
 */
public interface Storage {

    /** The highest ballot this node promised; {@link Ballot#ZERO} if none. */
    Ballot promised();

    /** Values accepted for slots not known to be decided, by slot. */
    NavigableMap<Long, Ready.AcceptedValue> accepted();

    /** Every slot up to this one is compacted into the caller's snapshot (0: none). */
    long snapshotSlot();

    /** The membership as of the snapshot (or the initial one when there is no snapshot). */
    Membership snapshotMembership();

    /** Decided values after the snapshot, contiguous from snapshotSlot() + 1. */
    NavigableMap<Long, Value> decided();
}
