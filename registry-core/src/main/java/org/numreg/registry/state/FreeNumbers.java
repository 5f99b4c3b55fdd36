package org.numreg.registry.state;

import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * The lowest free number of a range: full thousands are skipped by their count, and the first
 * one that is not full gives its first clear bit ({@link Thousands}) — as the database and the
 * transaction's unflushed writes ({@link NumberCache}) say together.
 */
final class FreeNumbers {

    private static final int THOUSAND = Thousands.SIZE;

    private final Thousands thousands;
    private final NumberCache numbers;

    FreeNumbers(Thousands thousands, NumberCache numbers) {
        this.thousands = thousands;
        this.numbers = numbers;
    }

    /** The lowest key in [from, to] without a record. */
    OptionalLong first(long from, long to) {
        try {
            // A thousand full in the database is skipped, unless a record of it was deleted here.
            OptionalLong deleted = numbers.deletedBetween(from, to);
            long candidate = from;
            while (candidate <= to && (deleted.isEmpty() || candidate < deleted.getAsLong())) {
                long thousand = candidate / THOUSAND;
                long base = thousand * THOUSAND;
                int free = numbers.taken(thousand).nextClearBit((int) (candidate - base));
                if (free < THOUSAND && base + free <= to) {
                    long key = base + free;
                    return deleted.isPresent() && deleted.getAsLong() < key ? deleted : OptionalLong.of(key);
                }
                OptionalLong next = thousands.nextNotFull(thousand + 1, to / THOUSAND);
                if (next.isEmpty()) {
                    break;
                }
                candidate = next.getAsLong() * THOUSAND;
            }
            return deleted;
        } catch (SQLException e) {
            throw Sql.failed(e);
        }
    }
}
