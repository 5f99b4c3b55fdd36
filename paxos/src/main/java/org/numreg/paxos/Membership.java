package org.numreg.paxos;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Which configuration governs each slot. A reconfiguration decided in slot s governs slots
 * s + delay and later: a leader with at most delay slots in flight therefore always knows the
 * configuration of the slot it proposes (Lamport's α).
 *
 * <p>Immutable: {@link #with(long, Config)} returns a new one.
 */
public final class Membership {

    private final NavigableMap<Long, Config> byFirstSlot;

    private Membership(NavigableMap<Long, Config> byFirstSlot) {
        this.byFirstSlot = byFirstSlot;
    }

    /** The initial configuration, governing slot 1 on. */
    public static Membership initial(Config config) {
        TreeMap<Long, Config> map = new TreeMap<>();
        map.put(1L, config);
        return new Membership(map);
    }

    /** The configurations as (first slot governed → configuration), e.g. from a snapshot. */
    public static Membership of(Map<Long, Config> byFirstSlot) {
        if (byFirstSlot.isEmpty()) {
            throw new IllegalArgumentException("no configuration");
        }
        return new Membership(new TreeMap<>(byFirstSlot));
    }

    public Config at(long slot) {
        Map.Entry<Long, Config> entry = byFirstSlot.floorEntry(slot);
        return entry != null ? entry.getValue() : byFirstSlot.firstEntry().getValue();
    }

    /** The configuration of the highest slot any reconfiguration known so far governs. */
    public Config latest() {
        return byFirstSlot.lastEntry().getValue();
    }

    /** Whether a reconfiguration is known that does not govern slot {@code slot} yet. */
    public boolean changePendingAfter(long slot) {
        return byFirstSlot.lastKey() > slot;
    }

    public Membership with(long firstSlot, Config config) {
        TreeMap<Long, Config> next = new TreeMap<>(byFirstSlot.headMap(firstSlot, false));
        next.put(firstSlot, config);
        return new Membership(next);
    }

    /** The part still needed once every slot up to {@code slot} is compacted into a snapshot. */
    public Membership from(long slot) {
        TreeMap<Long, Config> next = new TreeMap<>(byFirstSlot.tailMap(slot, false));
        next.put(slot, at(slot));
        return new Membership(next);
    }

    public NavigableMap<Long, Config> asMap() {
        return Collections.unmodifiableNavigableMap(byFirstSlot);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Membership m && byFirstSlot.equals(m.byFirstSlot);
    }

    @Override
    public int hashCode() {
        return byFirstSlot.hashCode();
    }

    @Override
    public String toString() {
        return byFirstSlot.toString();
    }
}
