package org.numreg.whois.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.records.RegistryRecords;
import org.numreg.client.records.StoredNumber;
import org.numreg.registry.domain.E164;

import java.util.Optional;

/** Number lookups: through the cache, after the read model reached the position the caller asks for. */
@ApplicationScoped
public class Lookups {

    private final RegistryRecords records;
    private final FeedProgress progress;
    private final LookupCache cache;

    Lookups(RegistryRecords records, FeedProgress progress,
            @ConfigProperty(name = "numreg.whois.cache-size") long cacheSize) {
        this.records = records;
        this.progress = progress;
        this.cache = new LookupCache(cacheSize);
    }

    public LookupCache cache() {
        return cache;
    }

    public Optional<StoredNumber> find(E164 number) {
        long position = progress.position();
        return cache.get(number.value(), position, () -> records.find(number));
    }
}
