package org.numreg.whois;

import org.junit.jupiter.api.Test;
import org.numreg.client.records.StoredNumber;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.whois.service.LookupCache;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache never answers with a record older than a change the read model has committed. */
class LookupCacheTest {

    static final String NUMBER = "+12125550100";

    static Optional<StoredNumber> held(String ocn, long position) {
        return Optional.of(new StoredNumber(NumberRecord.allocated(E164.of(NUMBER), Ocn.of(ocn), null, Instant.EPOCH),
                "Carrier " + ocn, position));
    }

    @Test
    void aSecondLookupIsServedFromTheCache() {
        LookupCache cache = new LookupCache(100);
        AtomicInteger reads = new AtomicInteger();
        cache.get(NUMBER, 5, () -> { reads.incrementAndGet(); return held("1510", 5); });
        assertThat(cache.get(NUMBER, 5, () -> { reads.incrementAndGet(); return held("0042", 6); }))
                .map(n -> n.record().ocn().value()).contains("1510");
        assertThat(reads).hasValue(1);
    }

    @Test
    void aChangeMarkerWinsOverAnAnswerReadBeforeTheChangeCommitted() {
        LookupCache cache = new LookupCache(100);
        // A lookup starts when the read model is at 5 and reads the old record...
        // ...meanwhile the feed commits a port at 6 and marks the number changed...
        cache.changed(NUMBER, 6);
        // ...then the slow lookup tries to cache what it read at 5: it must not.
        cache.get(NUMBER, 5, () -> held("1510", 5));
        assertThat(cache.get(NUMBER, 6, () -> held("0042", 6))).map(n -> n.record().ocn().value()).contains("0042");
    }

    @Test
    void anAnswerReadAfterTheChangeReplacesTheMarker() {
        LookupCache cache = new LookupCache(100);
        cache.get(NUMBER, 5, () -> held("1510", 5));
        cache.changed(NUMBER, 6);
        AtomicInteger reads = new AtomicInteger();
        cache.get(NUMBER, 6, () -> { reads.incrementAndGet(); return held("0042", 6); });
        cache.get(NUMBER, 6, () -> { reads.incrementAndGet(); return held("0042", 6); });
        assertThat(reads).as("read once after the change, then cached").hasValue(1);
    }

    @Test
    void anOcnRenameMakesEveryEarlierAnswerStale() {
        LookupCache cache = new LookupCache(100);
        cache.get(NUMBER, 5, () -> held("1510", 5));
        cache.changedAll(7);
        assertThat(cache.get(NUMBER, 6, () -> Optional.empty())).as("read again").isEmpty();
        AtomicInteger reads = new AtomicInteger();
        cache.get(NUMBER, 6, () -> { reads.incrementAndGet(); return held("1510", 7); });
        assertThat(reads).as("an answer from before the rename is not cached").hasValue(1);
        cache.get(NUMBER, 7, () -> held("1510", 7));
        cache.get(NUMBER, 7, () -> { reads.incrementAndGet(); return Optional.empty(); });
        assertThat(reads).hasValue(1);
    }
}
