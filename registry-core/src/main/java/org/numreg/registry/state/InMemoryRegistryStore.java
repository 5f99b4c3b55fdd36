package org.numreg.registry.state;

import org.numreg.registry.event.Applied;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Registrar;
import org.numreg.registry.domain.ScheduledPort;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The registry state in memory, for tests and simulations. Allocated numbers are also kept as
 * runs of consecutive keys, so the first free number is found in logarithmic time however many
 * numbers are allocated.
 */
public final class InMemoryRegistryStore implements RegistryStore {

    private final TreeMap<Long, NumberRecord> numbers = new TreeMap<>();
    /** Runs of allocated keys: first key → last key. */
    private final TreeMap<Long, Long> runs = new TreeMap<>();
    private final Map<Ocn, OcnRecord> ocns = new HashMap<>();
    private final Map<Prefix, NumberRange> ranges = new HashMap<>();
    private final Map<Block, BlockRecord> blocks = new HashMap<>();
    private final Map<String, Registrar> registrars = new TreeMap<>();
    private final Map<String, Applied> applied = new HashMap<>();
    private final Map<E164, ScheduledPort> scheduledPorts = new HashMap<>();

    @Override
    public List<NumberRecord> numbers() {
        return List.copyOf(numbers.values());
    }

    @Override
    public Optional<ScheduledPort> scheduledPort(E164 number) {
        return Optional.ofNullable(scheduledPorts.get(number));
    }

    @Override
    public void saveScheduledPort(ScheduledPort port) {
        scheduledPorts.put(port.number(), port);
    }

    @Override
    public void deleteScheduledPort(E164 number) {
        scheduledPorts.remove(number);
    }

    @Override
    public Optional<NumberRecord> number(E164 number) {
        return Optional.ofNullable(numbers.get(number.key()));
    }

    @Override
    public void saveNumber(NumberRecord record) {
        long key = record.number().key();
        if (numbers.put(key, record) == null) {
            addToRuns(key);
        }
    }

    @Override
    public void deleteNumber(E164 number) {
        long key = number.key();
        if (numbers.remove(key) != null) {
            removeFromRuns(key);
        }
    }

    @Override
    public OptionalLong firstFree(long from, long to) {
        var run = runs.floorEntry(from);
        long candidate = run != null && run.getValue() >= from ? run.getValue() + 1 : from;
        return candidate <= to ? OptionalLong.of(candidate) : OptionalLong.empty();
    }

    @Override
    public boolean anyNumber(long from, long to) {
        Long key = numbers.ceilingKey(from);
        return key != null && key <= to;
    }

    private void addToRuns(long key) {
        var before = runs.floorEntry(key - 1);
        Long afterEnd = runs.remove(key + 1);
        long first = before != null && before.getValue() == key - 1 ? before.getKey() : key;
        long last = afterEnd != null ? afterEnd : key;
        runs.put(first, last);
    }

    private void removeFromRuns(long key) {
        var run = runs.floorEntry(key);
        long first = run.getKey();
        long last = run.getValue();
        runs.remove(first);
        if (first < key) {
            runs.put(first, key - 1);
        }
        if (key < last) {
            runs.put(key + 1, last);
        }
    }

    @Override
    public Optional<OcnRecord> ocn(Ocn ocn) {
        return Optional.ofNullable(ocns.get(ocn));
    }

    @Override
    public void saveOcn(OcnRecord record) {
        ocns.put(record.ocn(), record);
    }

    @Override
    public List<NumberRange> ranges() {
        return ranges.values().stream().sorted(Comparator.comparingLong(NumberRange::firstKey)).toList();
    }

    @Override
    public void saveRange(NumberRange range) {
        ranges.put(range.prefix(), range);
    }

    @Override
    public void deleteRange(Prefix prefix) {
        ranges.remove(prefix);
    }

    @Override
    public Optional<BlockRecord> block(Block block) {
        return Optional.ofNullable(blocks.get(block));
    }

    @Override
    public void saveBlock(BlockRecord record) {
        blocks.put(record.block(), record);
    }

    @Override
    public Optional<Registrar> registrar(String id) {
        return Optional.ofNullable(registrars.get(id));
    }

    @Override
    public List<Registrar> registrars() {
        return List.copyOf(registrars.values());
    }

    @Override
    public void saveRegistrar(Registrar registrar) {
        registrars.put(registrar.id(), registrar);
    }

    @Override
    public void deleteRegistrar(String id) {
        registrars.remove(id);
    }

    @Override
    public Optional<Applied> applied(String commandId) {
        return Optional.ofNullable(applied.get(commandId));
    }

    @Override
    public void saveApplied(Applied entry) {
        applied.put(entry.commandId(), entry);
    }
}
