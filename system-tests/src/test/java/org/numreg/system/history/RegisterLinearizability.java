package org.numreg.system.history;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the writes clients saw on one number can be put in one order that respects real time
 * (an operation answered before another was asked comes first) and in which each did what it was
 * told, the number being a register that holds its OCN or nothing: an allocation succeeds only
 * on a free number, a release only by the holder, a port only away from another holder; a
 * refused one is refused exactly where that rule fails. The search is Wing and Gong's, with
 * Lowe's memo of (operations placed, holder) already tried.
 */
final class RegisterLinearizability {

    /** One write to place: {@code succeeded} is what the client was told (or the log says, for an unknown one). */
    record Write(Operation operation, boolean succeeded) {
    }

    private final List<Write> writes;
    private final Set<State> tried = new HashSet<>();

    private record State(BitSet placed, String holder) {
    }

    private RegisterLinearizability(List<Write> writes) {
        this.writes = writes;
    }

    /** Empty when an order exists; else why none does. */
    static Optional<String> check(String number, List<Write> writes) {
        if (new RegisterLinearizability(writes).search(new BitSet(), null)) {
            return Optional.empty();
        }
        StringBuilder why = new StringBuilder("no order of the writes to " + number + " explains what clients were told:");
        writes.forEach(w -> why.append("\n  ").append(w.operation()));
        return Optional.of(why.toString());
    }

    private boolean search(BitSet placed, String holder) {
        if (placed.cardinality() == writes.size()) {
            return true;
        }
        if (!tried.add(new State((BitSet) placed.clone(), holder))) {
            return false;
        }
        long firstAnswer = Long.MAX_VALUE;
        for (int i = placed.nextClearBit(0); i < writes.size(); i = placed.nextClearBit(i + 1)) {
            firstAnswer = Math.min(firstAnswer, writes.get(i).operation().completed());
        }
        for (int i = placed.nextClearBit(0); i < writes.size(); i = placed.nextClearBit(i + 1)) {
            Write write = writes.get(i);
            // Only what was asked before every unplaced one was answered can come next.
            if (write.operation().invoked() > firstAnswer) {
                continue;
            }
            Step step = step(write.operation(), holder);
            if (step.allowed() != write.succeeded()) {
                continue;
            }
            placed.set(i);
            if (search(placed, step.holder())) {
                return true;
            }
            placed.clear(i);
        }
        return false;
    }

    private record Step(boolean allowed, String holder) {
    }

    /** What the register allows of {@code operation} while {@code holder} holds the number (null: free). */
    private static Step step(Operation operation, String holder) {
        String ocn = operation.ocn();
        return switch (operation.kind()) {
            case ALLOCATE, ALLOCATE_ANY -> holder == null ? new Step(true, ocn) : new Step(false, holder);
            case RELEASE -> ocn.equals(holder) ? new Step(true, null) : new Step(false, holder);
            case PORT -> holder != null && !holder.equals(ocn) ? new Step(true, ocn) : new Step(false, holder);
        };
    }
}
