package org.numreg.whois.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.numreg.client.records.StoredNumber;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Recently looked-up numbers, never staler than the read model. Every entry carries a stamp, a log
 * position: a lookup's answer is stamped with the read model's position <em>before</em> it read
 * the database, and the change feed stamps a "changed" marker with the position of each event
 * after committing it. The higher stamp wins, so an answer read before a change committed can
 * never replace the marker of that change; equal stamps favour the answer (it was read after the
 * commit, since the read model's position moves only after the markers are set).
 */
public final class LookupCache {

    private sealed interface Entry {
        long stamp();
    }

    private record Known(Optional<StoredNumber> number, long stamp) implements Entry {
    }

    private record Changed(long stamp) implements Entry {
    }

    private final Cache<String, Entry> entries;
    /** Entries stamped below it are stale: an OCN changed its name, which every number shows. */
    private volatile long floor;

    public LookupCache(long maximumSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /**
     * The number from the cache, or else from {@code load}, which reads the read model as of at
     * least {@code position}.
     */
    public Optional<StoredNumber> get(String number, long position, Supplier<Optional<StoredNumber>> load) {
        Entry entry = entries.getIfPresent(number);
        if (entry instanceof Known known && known.stamp() >= floor) {
            return known.number();
        }
        Optional<StoredNumber> loaded = load.get();
        if (position >= floor) {
            entries.asMap().merge(number, new Known(loaded, position), LookupCache::newer);
        }
        return loaded;
    }

    /** The number changed at {@code position} (committed in the read model). */
    public void changed(String number, long position) {
        entries.asMap().merge(number, new Changed(position), LookupCache::newer);
    }

    /** Everything changed at {@code position}. */
    public void changedAll(long position) {
        floor = Math.max(floor, position);
        entries.invalidateAll();
    }

    private static Entry newer(Entry old, Entry candidate) {
        if (candidate.stamp() != old.stamp()) {
            return candidate.stamp() > old.stamp() ? candidate : old;
        }
        return candidate instanceof Known ? candidate : old;
    }

    /** The read model is being rebuilt: forget everything. */
    public void clear() {
        entries.invalidateAll();
    }
}
