package org.numreg.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Client threads of a fault test, each repeating its one write until stopped. */
final class Clients {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    /** Starts a client named {@code name} that does {@code write} again and again. */
    Clients start(String name, Runnable write) {
        threads.add(Thread.ofPlatform().name(name).start(() -> {
            while (running.get()) {
                write.run();
            }
        }));
        return this;
    }

    /** Lets every client finish the write it is in, then returns. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
