package org.numreg.whois.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.records.RegistryRecords;
import org.numreg.client.records.StoredNumber;
import org.numreg.registry.domain.E164;

import java.time.Duration;
import java.util.Optional;

/** Number lookups: through the cache, after the read model reached the position the caller asks for. */
@ApplicationScoped
public class Lookups {

    private final RegistryRecords records;
    private final FeedProgress progress;
    private final Duration readYourWritesWait;
    private final LookupCache cache;

    Lookups(RegistryRecords records, FeedProgress progress,
            @ConfigProperty(name = "numreg.whois.read-your-writes-wait") Duration readYourWritesWait,
            @ConfigProperty(name = "numreg.whois.cache-size") long cacheSize) {
        this.records = records;
        this.progress = progress;
        this.readYourWritesWait = readYourWritesWait;
        this.cache = new LookupCache(cacheSize);
    }

    public LookupCache cache() {
        return cache;
    }

    public Optional<StoredNumber> find(E164 number) {
        long position = progress.position();
        return cache.get(number.value(), position, () -> records.find(number));
    }

    /** Waits (briefly) until the read model holds {@code minimum}: read-your-writes. 503 if it does not in time. */
    public void awaitPosition(long minimum) {
        if (minimum <= 0) {
            return;
        }
        try {
            if (!progress.await(minimum, readYourWritesWait)) {
                throw new ServiceUnavailableException("the read model is at position " + progress.position()
                        + ", not yet at " + minimum + ": retry shortly", 1L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted");
        }
    }

    public long position() {
        return progress.position();
    }
}
