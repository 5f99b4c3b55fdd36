package org.numreg.registry;

import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Nanp;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.event.Rejection;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Applied;
import org.numreg.registry.state.InMemoryRegistryStore;
import org.numreg.registry.event.Outcome;
import org.numreg.registry.state.RegistryRules;
import org.numreg.registry.state.RegistryStateMachine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Random command sequences: the state machine is deterministic and keeps the registry's rules. */
class StateMachinePropertiesTest {

    @Provide
    Arbitrary<List<Command>> sequences() {
        return RandomCommands.sequences(120);
    }

    @Property(tries = 300)
    void sameLogGivesSameOutcomesAndSameState(@ForAll("sequences") List<Command> log) {
        InMemoryRegistryStore a = new InMemoryRegistryStore();
        InMemoryRegistryStore b = new InMemoryRegistryStore();
        assertThat(replay(log, a)).isEqualTo(replay(log, b));
        assertThat(a.numbers()).isEqualTo(b.numbers());
    }

    @Property(tries = 300)
    void eachNumberHasOneHolderAndAllocationsTakeTheLowestFree(@ForAll("sequences") List<Command> log) {
        InMemoryRegistryStore store = new InMemoryRegistryStore();
        RegistryStateMachine machine = new RegistryStateMachine(store, RegistryRules.DEFAULT);
        TreeMap<Long, Ocn> holders = new TreeMap<>();
        Map<Long, Ocn> blocks = new HashMap<>();
        Map<Prefix, NumberRange> ranges = new HashMap<>();
        long position = 0;
        for (Command command : log) {
            List<Long> expected = expectedLowest(command, holders, blocks, ranges);
            Applied applied = machine.apply(++position, Instant.ofEpochSecond(position), "r1", Principal.ANONYMOUS, command);
            if (!(applied.outcome() instanceof Outcome.Accepted accepted)) {
                assertThat(applied.events()).hasSize(1);
                if (expected != null && applied.outcome() instanceof Outcome.Rejected rejected
                        && rejected.reason() == Rejection.NO_FREE_NUMBER) {
                    assertThat(expected).as("free numbers existed for " + command).hasSizeLessThan(countOf(command));
                }
                continue;
            }
            List<Long> allocated = new ArrayList<>();
            for (Event event : accepted.events()) {
                switch (event) {
                    case Event.NumberAllocated a -> {
                        long key = a.number().number().key();
                        assertThat(holders).as("allocated twice: " + key).doesNotContainKey(key);
                        holders.put(key, a.number().ocn());
                        allocated.add(key);
                    }
                    case Event.NumberReleased r -> holders.remove(r.number().key());
                    case Event.PortCompleted p -> holders.put(p.number().key(), p.gainingOcn());
                    case Event.BlockAllocated b -> blocks.put(b.block().firstKey() / 1000, b.ocn());
                    case Event.RangeOpened r -> ranges.put(r.prefix(), new NumberRange(r.prefix(), r.digits()));
                    case Event.RangeClosed r -> ranges.remove(r.prefix());
                    default -> {
                    }
                }
            }
            if (expected != null) {
                assertThat(allocated).as("the lowest free numbers for " + command).isEqualTo(expected);
            }
        }
        assertThat(store.numbers()).extracting(r -> r.number().key()).containsExactlyElementsOf(holders.keySet());
        // The store's free search agrees with the records, everywhere in the busy part of the range.
        long first = 13125550000L;
        for (long from = first; from < first + 60; from++) {
            OptionalLong free = OptionalLong.empty();
            for (long key = from; key < first + 100; key++) {
                if (!holders.containsKey(key)) {
                    free = OptionalLong.of(key);
                    break;
                }
            }
            assertThat(store.firstFree(from, first + 99)).isEqualTo(free);
        }
    }

    /** For an allocation under a prefix: the lowest free numbers a correct registry must pick (brute force). */
    private static List<Long> expectedLowest(Command command, Map<Long, Ocn> holders, Map<Long, Ocn> blocks,
                                             Map<Prefix, NumberRange> ranges) {
        Ocn ocn;
        Prefix prefix;
        if (command instanceof Command.AllocateNumbers c) {
            ocn = c.ocn();
            prefix = c.prefix();
        } else if (command instanceof Command.AllocateNumber c && c.prefix() != null) {
            ocn = c.ocn();
            prefix = c.prefix();
        } else {
            return null;
        }
        int count = countOf(command);
        List<Long> found = new ArrayList<>();
        List<NumberRange> open = ranges.values().stream().filter(r -> r.prefix().overlaps(prefix))
                .sorted(java.util.Comparator.comparingLong(NumberRange::firstKey)).toList();
        for (NumberRange range : open) {
            long to = Math.min(range.lastKey(), prefix.highestKey(range.digits()));
            for (long key = Math.max(range.firstKey(), prefix.lowestKey(range.digits())); key <= to && found.size() < count;
                 key++) {
                Ocn blockHolder = blocks.get(key / 1000);
                if (Nanp.isValidKey(key) && !holders.containsKey(key) && (blockHolder == null || blockHolder.equals(ocn))) {
                    found.add(key);
                }
            }
        }
        return found;
    }

    private static int countOf(Command command) {
        return command instanceof Command.AllocateNumbers c ? c.count() : 1;
    }

    /** Applies a log from position 1 on, the commit time a second per position. */
    /** Who asks for the command at {@code position} in replays: alice (a named user) and an anonymous caller by turns. */
    static Principal principalAt(long position) {
        return position % 2 == 1 ? new Principal("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "alice") : Principal.ANONYMOUS;
    }

    /** Replays {@code log} as asked for by {@link #principalAt}. */
    static List<Applied> replay(List<Command> log, org.numreg.registry.state.RegistryStore store) {
        RegistryStateMachine machine = new RegistryStateMachine(store, RegistryRules.DEFAULT);
        List<Applied> outcomes = new ArrayList<>();
        long position = 0;
        for (Command command : log) {
            position++;
            outcomes.add(machine.apply(position, Instant.ofEpochSecond(position), "r1", principalAt(position), command));
        }
        return outcomes;
    }
}
