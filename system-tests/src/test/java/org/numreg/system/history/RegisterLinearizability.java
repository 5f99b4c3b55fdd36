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
 * refused allocation or release is refused exactly where that rule fails, a port may be refused
 * anywhere (its PIN, a record that moved while the PIN was checked, a lock). The search is Wing and Gong's, with
 * Lowe's memo of (operations placed, holder) already tried.
 */
final class RegisterLinearizability {

    /** One write to place: {@code succeeded} is what the client was told (or the log says, for an unknown one). */
    record Write(Operation operation, boolean succeeded) {
    }

    private final List<Write> writes;
    private final Set<State> tried = new HashSet<>();
    /** The most writes any order placed, and the holder then: where to look when none explains them all. */
    private BitSet deepest = new BitSet();
    private String deepestHolder;

    private record State(BitSet placed, String holder) {
    }

    private RegisterLinearizability(List<Write> writes) {
        this.writes = writes;
    }

    /** Empty when an order exists; else why none does. */
    static Optional<String> check(String number, List<Write> writes) {
        RegisterLinearizability search = new RegisterLinearizability(writes);
        if (search.search(new BitSet(), null)) {
            return Optional.empty();
        }
        return Optional.of("no order of the writes to " + number + " explains what clients were told: " + search.stuck());
    }

    /** Where the deepest order got stuck: the writes that could have come next, none of which fits (times in ms from the first write). */
    private String stuck() {
        long start = writes.stream().mapToLong(w -> w.operation().invoked()).min().orElse(0);
        long firstAnswer = firstAnswer(deepest);
        StringBuilder why = new StringBuilder("the longest order places " + deepest.cardinality() + " of " + writes.size()
                + " writes, leaving the number held by " + deepestHolder + "; none of those that could come next fits:");
        for (int i = deepest.nextClearBit(0); i < writes.size(); i = deepest.nextClearBit(i + 1)) {
            Operation operation = writes.get(i).operation();
            if (operation.invoked() <= firstAnswer) {
                why.append("\n  ").append(withTimes(operation, start));
            }
        }
        if (Boolean.getBoolean("numreg.history.all")) {
            writes.stream().map(Write::operation).sorted(java.util.Comparator.comparingLong(Operation::invoked))
                    .forEach(operation -> why.append("\n    all: ").append(withTimes(operation, start)));
        }
        return why.toString();
    }

    private static String withTimes(Operation operation, long start) {
        return operation + " [" + (operation.invoked() - start) / 1_000_000 + " – "
                + (operation.completed() == Operation.NEVER ? "never" : (operation.completed() - start) / 1_000_000) + " ms]";
    }

    /** When the first of the writes not yet placed was answered: none asked after it can come next. */
    private long firstAnswer(BitSet placed) {
        long first = Long.MAX_VALUE;
        for (int i = placed.nextClearBit(0); i < writes.size(); i = placed.nextClearBit(i + 1)) {
            first = Math.min(first, writes.get(i).operation().completed());
        }
        return first;
    }

    private boolean search(BitSet placed, String holder) {
        if (placed.cardinality() == writes.size()) {
            return true;
        }
        if (!tried.add(new State((BitSet) placed.clone(), holder))) {
            return false;
        }
        if (placed.cardinality() > deepest.cardinality()) {
            deepest = (BitSet) placed.clone();
            deepestHolder = holder;
        }
        long firstAnswer = firstAnswer(placed);
        for (int i = placed.nextClearBit(0); i < writes.size(); i = placed.nextClearBit(i + 1)) {
            Write write = writes.get(i);
            // Only what was asked before every unplaced one was answered can come next.
            if (write.operation().invoked() > firstAnswer) {
                continue;
            }
            Rule rule = rule(write.operation(), holder);
            if (write.succeeded() ? !rule.maySucceed() : !rule.mayBeRefused()) {
                continue;
            }
            placed.set(i);
            if (search(placed, write.succeeded() ? rule.holderAfter() : holder)) {
                return true;
            }
            placed.clear(i);
        }
        return false;
    }

    private record Rule(boolean maySucceed, boolean mayBeRefused, String holderAfter) {
    }

    /** What the register allows of {@code operation} while {@code holder} holds the number (null: free). */
    private static Rule rule(Operation operation, String holder) {
        String ocn = operation.ocn();
        return switch (operation.kind()) {
            case ALLOCATE, ALLOCATE_ANY -> holder == null ? new Rule(true, false, ocn) : new Rule(false, true, holder);
            case RELEASE -> ocn.equals(holder) ? new Rule(true, false, null) : new Rule(false, true, holder);
            case PORT -> new Rule(holder != null && !holder.equals(ocn), true, ocn);
        };
    }
}
