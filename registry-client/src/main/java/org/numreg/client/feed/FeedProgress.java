package org.numreg.client.feed;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The highest log position this service's read model holds completely: what a read reflects, and
 * what a read-your-writes request (a minimum position) waits for.
 */
@ApplicationScoped
public class FeedProgress {

    private long position;

    public synchronized long position() {
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
}
