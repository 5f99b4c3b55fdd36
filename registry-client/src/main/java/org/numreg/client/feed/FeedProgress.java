package org.numreg.client.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * The highest log position this service's read model holds completely: what a read reflects, and
 * what a read-your-writes request (a minimum position) waits for.
 */
@ApplicationScoped
public class FeedProgress {

    private final Duration readYourWritesWait;
    /** Read without the lock: every lookup reads it, only the feed thread moves it. */
    private volatile long position;

    FeedProgress(@ConfigProperty(name = "numreg.read-your-writes-wait", defaultValue = "3S") Duration readYourWritesWait) {
        this.readYourWritesWait = readYourWritesWait;
    }

    public long position() {
        return position;
    }

    synchronized void reached(long complete) {
        if (complete > position) {
            position = complete;
            notifyAll();
        }
    }

    synchronized void reset() {
        position = 0;
    }

    /** Waits until the read model holds {@code minimum}, at most {@code patience}; whether it does. */
    public synchronized boolean await(long minimum, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (position < minimum) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * Read-your-writes: returns once the read model holds {@code minimum} (a position a write
     * answered with), waiting briefly; 503 with Retry-After when it does not get there in time.
     */
    public void require(long minimum) {
        if (minimum <= 0) {
            return;
        }
        try {
            if (!await(minimum, readYourWritesWait)) {
                throw new ServiceUnavailableException("the read model is at position " + position()
                        + ", not yet at " + minimum + ": retry shortly", 1L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while waiting for position " + minimum, 1L);
        }
    }
}
