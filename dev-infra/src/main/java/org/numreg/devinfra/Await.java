package org.numreg.devinfra;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a server to become ready, failing early (with its log) if its process dies. */
final class Await {

    private Await() {
    }

    static void ready(ChildProcess server, Duration timeout, Callable<Boolean> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException(server.name() + " exited while starting; its log ends with:\n"
                        + server.logTail(40));
            }
            try {
                if (probe.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(server.name() + " not ready after " + timeout.toSeconds() + " s"
                + (last == null ? "" : " (last probe: " + last + ")") + "; its log ends with:\n"
                + server.logTail(40));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
