package org.numreg.system.history;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What clients asked for and were told, recorded from many threads at once. */
public final class History {

    private final AtomicInteger ids = new AtomicInteger();
    private final List<Operation> operations = new ArrayList<>();
    private final List<Read> reads = new ArrayList<>();

    /** A write about to be sent; complete it with one of its methods once the answer (or none) is in. */
    public Pending invoke(String registrar, Operation.Kind kind, String number, String prefix, String ocn,
                          String commandId) {
        return new Pending(ids.incrementAndGet(), registrar, kind, number, prefix, ocn, commandId, System.nanoTime());
    }

    public synchronized void read(Read read) {
        reads.add(read);
    }

    public synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** How many writes ended so. */
    public synchronized long count(Operation.Outcome outcome) {
        return operations.stream().filter(o -> o.outcome() == outcome).count();
    }

    public synchronized List<Read> reads() {
        return List.copyOf(reads);
    }

    synchronized void add(Operation operation) {
        operations.add(operation);
    }

    /** A write sent and not answered yet. */
    public final class Pending {
        private final Operation asked;
        private boolean ended;

        private Pending(int id, String registrar, Operation.Kind kind, String number, String prefix, String ocn,
                        String commandId, long invoked) {
            asked = new Operation(id, registrar, kind, number, prefix, ocn, commandId, invoked, Operation.NEVER,
                    Operation.Outcome.UNKNOWN, -1);
        }

        /** Done at {@code position}; {@code number} is the number it concerned (the one allocated, for any free). */
        public void ok(String number, long position) {
            end(number, Operation.Outcome.OK, position, System.nanoTime());
        }

        public void refused() {
            end(asked.number(), Operation.Outcome.REFUSED, -1, System.nanoTime());
        }

        /** No answer that says what happened: it may have happened, at most once. */
        public void unknown() {
            end(asked.number(), Operation.Outcome.UNKNOWN, -1, Operation.NEVER);
        }

        private void end(String number, Operation.Outcome outcome, long position, long completed) {
            if (ended) {
                throw new IllegalStateException(asked + " was answered twice");
            }
            ended = true;
            add(new Operation(asked.id(), asked.registrar(), asked.kind(), number, asked.prefix(), asked.ocn(),
                    asked.commandId(), asked.invoked(), completed, outcome, position));
        }
    }
}
