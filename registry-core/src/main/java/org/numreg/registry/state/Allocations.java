package org.numreg.registry.state;

import org.numreg.registry.event.Outcome;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Nanp;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.numreg.registry.state.Outcomes.accept;
import static org.numreg.registry.state.Outcomes.reject;
import static org.numreg.registry.state.Outcomes.unknownOcn;

/** Allocation: a number, the lowest free numbers under a prefix, a thousands-block (part of {@link RegistryStateMachine}). */
final class Allocations {

    private final RegistryStore store;

    Allocations(RegistryStore store) {
        this.store = store;
    }

    Outcome allocateNumber(Ocn ocn, E164 number, NumberProperties properties, Instant at) {
        if (store.ocn(ocn).isEmpty()) {
            return unknownOcn(ocn);
        }
        if (store.ranges().stream().noneMatch(r -> r.contains(number))) {
            return reject(Rejection.RANGE_NOT_OPEN, "no open range holds " + number);
        }
        Optional<NumberRecord> holder = store.number(number);
        if (holder.isPresent()) {
            return reject(Rejection.NUMBER_TAKEN, number + " is allocated to " + holder.get().ocn());
        }
        Optional<BlockRecord> block = blockOf(number);
        if (block.isPresent() && !block.get().ocn().equals(ocn)) {
            return reject(Rejection.BLOCK_TAKEN, number + " is in block " + block.get().block() + " of "
                    + block.get().ocn());
        }
        NumberRecord record = NumberRecord.allocated(number, ocn, properties, at);
        store.saveNumber(record);
        return accept(new Event.NumberAllocated(Event.NumberView.of(record)));
    }

    /** The {@code count} lowest free numbers under the prefix, all or none. */
    Outcome allocateNumbers(Ocn ocn, Prefix prefix, int count, NumberProperties properties, Instant at) {
        if (store.ocn(ocn).isEmpty()) {
            return unknownOcn(ocn);
        }
        List<NumberRange> ranges = store.ranges().stream()
                .filter(r -> r.prefix().overlaps(prefix) && prefix.length() <= r.digits()).toList();
        if (ranges.isEmpty()) {
            return reject(Rejection.RANGE_NOT_OPEN, "no open range under " + prefix);
        }
        List<E164> free = new ArrayList<>(count);
        for (NumberRange range : ranges) {
            long from = Math.max(range.firstKey(), prefix.lowestKey(range.digits()));
            long to = Math.min(range.lastKey(), prefix.highestKey(range.digits()));
            while (free.size() < count && from <= to) {
                OptionalLong candidate = lowestFreeFor(ocn, from, to);
                if (candidate.isEmpty()) {
                    break;
                }
                free.add(E164.ofKey(candidate.getAsLong()));
                from = candidate.getAsLong() + 1;
            }
        }
        if (free.size() < count) {
            return reject(Rejection.NO_FREE_NUMBER, "only " + free.size() + " free numbers under " + prefix
                    + " for " + ocn + ", " + count + " asked");
        }
        List<Event> events = new ArrayList<>(count);
        for (E164 number : free) {
            NumberRecord record = NumberRecord.allocated(number, ocn, properties, at);
            store.saveNumber(record);
            events.add(new Event.NumberAllocated(Event.NumberView.of(record)));
        }
        return new Outcome.Accepted(events);
    }

    /** The lowest number in [from, to] no record holds and no other OCN's block reserves. */
    private OptionalLong lowestFreeFor(Ocn ocn, long from, long to) {
        long next = Nanp.nextValidKey(from);
        while (next <= to) {
            OptionalLong free = store.firstFree(next, to);
            if (free.isEmpty()) {
                return free;
            }
            long key = free.getAsLong();
            if (!Nanp.isValidKey(key)) {
                next = Nanp.nextValidKey(key);
                continue;
            }
            Optional<BlockRecord> block = blockOf(E164.ofKey(key));
            if (block.isEmpty() || block.get().ocn().equals(ocn)) {
                return free;
            }
            next = block.get().block().lastKey() + 1;
        }
        return OptionalLong.empty();
    }

    private Optional<BlockRecord> blockOf(E164 number) {
        return number.isNanp() ? store.block(number.block()) : Optional.empty();
    }

    Outcome allocateBlock(Ocn ocn, Block block) {
        if (store.ocn(ocn).isEmpty()) {
            return unknownOcn(ocn);
        }
        E164 first = E164.ofKey(block.firstKey());
        if (store.ranges().stream().noneMatch(r -> r.contains(first) && r.prefix().length() <= 8)) {
            return reject(Rejection.RANGE_NOT_OPEN, "no open range holds block " + block);
        }
        Optional<BlockRecord> holder = store.block(block);
        if (holder.isPresent()) {
            return reject(Rejection.BLOCK_TAKEN, "block " + block + " is assigned to " + holder.get().ocn());
        }
        if (store.anyNumber(block.firstKey(), block.lastKey())) {
            return reject(Rejection.NUMBER_TAKEN, "block " + block + " has allocated numbers");
        }
        store.saveBlock(new BlockRecord(block, ocn));
        return accept(new Event.BlockAllocated(block, ocn));
    }
}
