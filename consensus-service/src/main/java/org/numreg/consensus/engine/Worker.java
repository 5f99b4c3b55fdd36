package org.numreg.consensus.engine;

import java.sql.SQLException;

/**
 * A platform thread that runs one turn after another until stopped. A turn that fails halts the
 * process ({@link Halt}): the threads of the engine hold state that may be ahead of the disk.
 */
final class Worker {

    @FunctionalInterface
    interface Turn {
        void run() throws InterruptedException, SQLException;
    }

    private final String name;
    private final String failure;
    private final Turn turn;
    private volatile boolean running;
    private Thread thread;

    /** {@code failure}: what the log says when a turn fails. */
    Worker(String name, String failure, Turn turn) {
        this.name = name;
        this.failure = failure;
        this.turn = turn;
    }

    void start() {
        running = true;
        thread = Thread.ofPlatform().name(name).start(this::loop);
    }

    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }

    private void loop() {
        while (running) {
            try {
                turn.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException | Error e) {
                Halt.process(e, failure);
            }
        }
    }
}
