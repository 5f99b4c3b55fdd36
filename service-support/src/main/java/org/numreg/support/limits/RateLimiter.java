package org.numreg.support.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets, one per limit and key (a client address, a number): each holds up to a minute's
 * allowance and refills continuously. A request that finds its bucket empty is refused with
 * {@link TooManyRequests}, saying when the next one would pass. Memory stays bounded: past
 * {@link #MAX_BUCKETS} buckets, the full ones (keys not seen for a minute) are dropped.
 */
@ApplicationScoped
public class RateLimiter {

    static final int MAX_BUCKETS = 100_000;

    /** What is limited, with its allowance a minute. */
    public record Limit(String name, int perMinute) {
    }

    private final RateLimitConfig config;
    private final MeterRegistry metrics;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    RateLimiter(RateLimitConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    public Limit lookupsPerClient() {
        return new Limit("lookups-per-client", config.lookupsPerClient());
    }

    public Limit lookupsPerNumber() {
        return new Limit("lookups-per-number", config.lookupsPerNumber());
    }

    public Limit pinChecksPerClient() {
        return new Limit("pin-checks-per-client", config.pinChecksPerClient());
    }

    public Limit pinChecksPerNumber() {
        return new Limit("pin-checks-per-number", config.pinChecksPerNumber());
    }

    /** Takes one request of {@code key} from {@code limit}'s allowance, or throws {@link TooManyRequests}. */
    public void acquire(Limit limit, String key) {
        if (!config.enabled()) {
            return;
        }
        long now = System.nanoTime();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(bucket -> bucket.isFullAt(now));
        }
        Bucket bucket = buckets.computeIfAbsent(limit.name() + " " + key, k -> new Bucket(limit.perMinute(), now));
        long waitNanos = bucket.take(now);
        if (waitNanos > 0) {
            refused.computeIfAbsent(limit.name(), name -> Counter.builder("numreg.rate.limited")
                    .description("requests refused with 429 by a rate limit").tag("limit", name).register(metrics))
                    .increment();
            throw new TooManyRequests(limit.name(), (waitNanos + 999_999_999L) / 1_000_000_000L);
        }
    }

    /** A minute's allowance, refilled continuously. */
    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long at;

        Bucket(int perMinute, long now) {
            this.capacity = perMinute;
            this.perNano = perMinute / 60e9;
            this.tokens = perMinute;
            this.at = now;
        }

        /** 0 when a token was taken; else how long until one would be there. */
        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perNano);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
        }

        synchronized boolean isFullAt(long now) {
            return tokens + (now - at) * perNano >= capacity;
        }
    }

    /** Too many requests: the caller may try again after {@code retryAfterSeconds}. */
    public static final class TooManyRequests extends RuntimeException {
        private final String limit;
        private final long retryAfterSeconds;

        TooManyRequests(String limit, long retryAfterSeconds) {
            super("too many requests (" + limit + "): try again in " + retryAfterSeconds + " s");
            this.limit = limit;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public String limit() {
            return limit;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
