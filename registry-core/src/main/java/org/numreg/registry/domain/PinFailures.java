package org.numreg.registry.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The wrong PINs presented through one {@link PinChannel} since the PIN was last set, and until
 * when that channel is closed. Every {@code maxFailures}-th wrong PIN closes it for a back-off
 * window in commit time — the first one long, each next twice as long, at most the longest —
 * after which it opens by itself: nobody can close a channel for good, and setting the PIN
 * again clears it at once.
 *
 * @param count       wrong PINs since the PIN was set (0 or more)
 * @param lockedUntil the commit time the channel opens again; null when it never closed
 */
public record PinFailures(int count, Instant lockedUntil) {

    public static final PinFailures NONE = new PinFailures(0, null);

    public PinFailures {
        if (count < 0) {
            throw new IllegalArgumentException("a count of wrong PINs is not negative: " + count);
        }
    }

    /** Whether the channel is closed at {@code time}. */
    public boolean lockedAt(Instant time) {
        return lockedUntil != null && time.isBefore(lockedUntil);
    }

    /** One more wrong PIN, presented at {@code at}. */
    public PinFailures plusOne(PinBackoff backoff, Instant at) {
        int next = count + 1;
        if (next % backoff.maxFailures() != 0) {
            return new PinFailures(next, lockedUntil);
        }
        return new PinFailures(next, at.plus(backoff.window(next / backoff.maxFailures())));
    }

    /**
     * How wrong PINs close a channel: after every {@code maxFailures}, for {@code first}, then
     * twice as long each time, at most {@code longest}.
     */
    public record PinBackoff(int maxFailures, Duration first, Duration longest) {

        public static final PinBackoff DEFAULT = new PinBackoff(5, Duration.ofMinutes(15), Duration.ofHours(24));

        public PinBackoff {
            if (maxFailures < 1 || first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
                throw new IllegalArgumentException("a PIN back-off needs maxFailures ≥ 1 and 0 < first ≤ longest");
            }
        }

        /** How long the {@code lockout}-th closing (1, 2, …) lasts. */
        public Duration window(int lockout) {
            Duration window = first;
            for (int i = 1; i < lockout && window.compareTo(longest) < 0; i++) {
                window = window.multipliedBy(2);
            }
            return window.compareTo(longest) < 0 ? window : longest;
        }
    }
}
