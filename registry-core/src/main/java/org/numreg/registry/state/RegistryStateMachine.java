package org.numreg.registry.state;

import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Nanp;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Registrar;
import org.numreg.registry.domain.ScheduledPort;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Applies the log, one command at a time, to the registry state. Deterministic: the outcome
 * depends only on the state and the command (and the commit time the log gives), never on a
 * clock, randomness or anything else — so every registrar reaches the same state and outcomes.
 */
public final class RegistryStateMachine {

    private final RegistryStore store;
    private final RegistryRules rules;

    public RegistryStateMachine(RegistryStore store, RegistryRules rules) {
        this.store = store;
        this.rules = rules;
    }

    /**
     * Applies the command at {@code position}, asked for by {@code principal} at {@code registrar};
     * a command id seen before changes nothing. Who asked never changes the outcome.
     */
    public Applied apply(long position, Instant commitTime, String registrar, Principal principal, Command command) {
        String subject = subjectOf(command);
        Optional<Applied> earlier = store.applied(command.id());
        if (earlier.isPresent()) {
            Applied first = earlier.get();
            return new Applied(position, commitTime, registrar, principal, command.id(), subject,
                    new Outcome.Repeated(first.position(), first.outcome()));
        }
        Applied applied = new Applied(position, commitTime, registrar, principal, command.id(), subject,
                decide(commitTime, command));
        store.saveApplied(applied);
        return applied;
    }

    private Outcome decide(Instant at, Command command) {
        return switch (command) {
            case Command.OpenRange c -> openRange(new NumberRange(c.prefix(), c.digits()));
            case Command.CloseRange c -> closeRange(c.prefix());
            case Command.RegisterOcn c -> registerOcn(new OcnRecord(c.ocn(), c.name(), c.contact()));
            case Command.UpdateOcn c -> updateOcn(new OcnRecord(c.ocn(), c.name(), c.contact()));
            case Command.AllocateNumber c -> c.number() != null
                    ? allocateNumber(c.ocn(), c.number(), c.properties(), at)
                    : allocateNumbers(c.ocn(), c.prefix(), 1, c.properties(), at);
            case Command.AllocateNumbers c -> allocateNumbers(c.ocn(), c.prefix(), c.count(), c.properties(), at);
            case Command.AllocateBlock c -> allocateBlock(c.ocn(), c.block());
            case Command.ReleaseNumber c -> releaseNumber(c.ocn(), c.number());
            case Command.UpdateNumber c -> updateNumber(c, at);
            case Command.SetPin c -> setPin(c, at);
            case Command.RecordPinFailure c -> recordPinFailure(c, at);
            case Command.PortNumber c -> portNumber(c, at);
            case Command.SetPortProtection c -> setPortProtection(c, at);
            case Command.SchedulePort c -> schedulePort(c, at);
            case Command.CancelPort c -> cancelPort(c);
            case Command.CompletePort c -> completePort(c, at);
            case Command.AddRegistrar c -> addRegistrar(new Registrar(c.registrar(), c.node(), c.endpoint()));
            case Command.RemoveRegistrar c -> removeRegistrar(c.registrar());
        };
    }

    // ------------------------------------------------------------------ ranges and OCNs

    private Outcome openRange(NumberRange range) {
        for (NumberRange open : store.ranges()) {
            if (open.digits() == range.digits() && open.prefix().overlaps(range.prefix())) {
                return reject(Rejection.RANGE_OVERLAPS, range.prefix() + " overlaps the open range " + open.prefix());
            }
        }
        store.saveRange(range);
        return accept(new Event.RangeOpened(range.prefix(), range.digits()));
    }

    private Outcome closeRange(Prefix prefix) {
        if (store.ranges().stream().noneMatch(r -> r.prefix().equals(prefix))) {
            return reject(Rejection.UNKNOWN_RANGE, "no open range " + prefix);
        }
        store.deleteRange(prefix);
        return accept(new Event.RangeClosed(prefix));
    }

    private Outcome registerOcn(OcnRecord record) {
        if (store.ocn(record.ocn()).isPresent()) {
            return reject(Rejection.OCN_EXISTS, "OCN " + record.ocn() + " is registered already");
        }
        store.saveOcn(record);
        return accept(new Event.OcnRegistered(record.ocn(), record.name(), record.contact()));
    }

    private Outcome updateOcn(OcnRecord record) {
        if (store.ocn(record.ocn()).isEmpty()) {
            return unknownOcn(record.ocn());
        }
        store.saveOcn(record);
        return accept(new Event.OcnUpdated(record.ocn(), record.name(), record.contact()));
    }

    // ------------------------------------------------------------------ allocation

    private Outcome allocateNumber(Ocn ocn, E164 number, NumberProperties properties, Instant at) {
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
    private Outcome allocateNumbers(Ocn ocn, Prefix prefix, int count, NumberProperties properties, Instant at) {
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

    private Outcome allocateBlock(Ocn ocn, Block block) {
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

    // ------------------------------------------------------------------ a number's life

    private Outcome releaseNumber(Ocn ocn, E164 number) {
        return withHeldNumber(ocn, number, record -> {
            store.deleteNumber(number);
            List<Event> events = new ArrayList<>(List.of(new Event.NumberReleased(number, ocn)));
            store.scheduledPort(number).ifPresent(port -> {
                store.deleteScheduledPort(number);
                events.add(cancelled(port, "the number was released"));
            });
            return new Outcome.Accepted(events);
        });
    }

    private Outcome updateNumber(Command.UpdateNumber c, Instant at) {
        return withHeldNumber(c.ocn(), c.number(), record -> {
            if (c.expectedVersion() != null && c.expectedVersion() != record.version()) {
                return versionMoved(record, c.expectedVersion());
            }
            NumberRecord next = record.withProperties(c.properties(), at);
            store.saveNumber(next);
            return accept(new Event.NumberUpdated(Event.NumberView.of(next)));
        });
    }

    private Outcome setPin(Command.SetPin c, Instant at) {
        return withHeldNumber(c.ocn(), c.number(), record -> {
            NumberRecord next = record.withPin(c.pinHash(), at);
            store.saveNumber(next);
            return accept(new Event.PinSet(c.number(), c.ocn(), c.pinHash(), next.version()));
        });
    }

    private Outcome recordPinFailure(Command.RecordPinFailure c, Instant at) {
        return withNumber(c.number(), record -> {
            if (record.version() != c.checkedVersion()) {
                // The PIN checked may not be the one set now: that failure proves nothing.
                return versionMoved(record, c.checkedVersion());
            }
            NumberRecord next = record.withPinFailure(c.channel(), rules.pinBackoff(), at);
            store.saveNumber(next);
            PinFailures failures = next.pinFailures(c.channel());
            return accept(new Event.PinFailureRecorded(c.number(), c.channel(), failures.count(), failures.lockedUntil(),
                    next.version()));
        });
    }

    private Outcome portNumber(Command.PortNumber c, Instant at) {
        return withNumber(c.number(), record -> portRefusal(record, c.gainingOcn(), c.checkedVersion(), at)
                .orElseGet(() -> {
                    NumberRecord next = record.portedTo(c.gainingOcn(), at);
                    store.saveNumber(next);
                    return accept(new Event.PortCompleted(c.number(), record.ocn(), c.gainingOcn(), next.version(),
                            c.id()));
                }));
    }

    /** Why the number cannot be ported to {@code gaining} now, if it cannot. */
    private Optional<Outcome> portRefusal(NumberRecord record, Ocn gaining, long checkedVersion, Instant at) {
        E164 number = record.number();
        if (store.ocn(gaining).isEmpty()) {
            return Optional.of(unknownOcn(gaining));
        }
        if (record.ocn().equals(gaining)) {
            return Optional.of(reject(Rejection.SAME_OCN, number + " is held by " + gaining + " already"));
        }
        if (record.version() != checkedVersion) {
            return Optional.of(versionMoved(record, checkedVersion));
        }
        PinFailures failures = record.portPinFailures();
        if (failures.lockedAt(at)) {
            return Optional.of(reject(Rejection.PIN_LOCKED, number + " takes no PIN for ports until "
                    + failures.lockedUntil() + ", after " + failures.count() + " wrong PINs (or until its OCN sets the PIN again)"));
        }
        if (record.pinHash() == null) {
            return Optional.of(reject(Rejection.PIN_NOT_SET, number + " has no PIN to port with"));
        }
        if (record.portProtected()) {
            return Optional.of(reject(Rejection.PORT_PROTECTED, number + " is locked against ports by " + record.ocn()));
        }
        Optional<ScheduledPort> scheduled = store.scheduledPort(number);
        if (scheduled.isPresent()) {
            return Optional.of(reject(Rejection.PORT_PENDING, number + " has a port to " + scheduled.get().gainingOcn()
                    + " scheduled for " + scheduled.get().dueAt() + ": cancel it first"));
        }
        return Optional.empty();
    }

    private Outcome schedulePort(Command.SchedulePort c, Instant at) {
        return withNumber(c.number(), record -> portRefusal(record, c.gainingOcn(), c.checkedVersion(), at)
                .orElseGet(() -> {
                    if (!c.dueAt().isAfter(at)) {
                        return reject(Rejection.DUE_TIME_PASSED, "the port was due at " + c.dueAt()
                                + ", before it was committed (" + at + ")");
                    }
                    ScheduledPort port = new ScheduledPort(c.id(), c.number(), record.ocn(), c.gainingOcn(), c.dueAt());
                    store.saveScheduledPort(port);
                    return accept(new Event.PortScheduled(port.portId(), port.number(), port.losingOcn(),
                            port.gainingOcn(), port.dueAt()));
                }));
    }

    private Outcome cancelPort(Command.CancelPort c) {
        return withScheduledPort(c.number(), null, port -> {
            if (!c.ocn().equals(port.losingOcn()) && !c.ocn().equals(port.gainingOcn())) {
                return reject(Rejection.NOT_HOLDER, "the port of " + c.number() + " is between " + port.losingOcn()
                        + " and " + port.gainingOcn() + ", not " + c.ocn());
            }
            store.deleteScheduledPort(c.number());
            return accept(cancelled(port, "cancelled by " + c.ocn()));
        });
    }

    /**
     * The due port completes, or, when the number's holder locked it against ports since, is
     * cancelled: either way it is no longer scheduled. (Releases and other ports end it before.)
     * Wrong PINs presented since do not cancel it: the port was agreed with the right one, and
     * whoever presents wrong PINs must not be able to stop it.
     */
    private Outcome completePort(Command.CompletePort c, Instant at) {
        return withScheduledPort(c.number(), c.portId(), port -> {
            if (at.isBefore(port.dueAt())) {
                return reject(Rejection.PORT_NOT_DUE, "the port of " + c.number() + " is due at " + port.dueAt()
                        + ", not yet at " + at);
            }
            store.deleteScheduledPort(c.number());
            NumberRecord record = store.number(c.number()).orElseThrow();
            if (record.portProtected()) {
                return accept(cancelled(port, c.number() + " was locked against ports by " + record.ocn()));
            }
            NumberRecord next = record.portedTo(port.gainingOcn(), at);
            store.saveNumber(next);
            return accept(new Event.PortCompleted(c.number(), record.ocn(), port.gainingOcn(), next.version(),
                    port.portId()));
        });
    }

    private Outcome withScheduledPort(E164 number, String portId, java.util.function.Function<ScheduledPort, Outcome> change) {
        return store.scheduledPort(number)
                .filter(port -> portId == null || port.portId().equals(portId))
                .map(change)
                .orElseGet(() -> reject(Rejection.UNKNOWN_PORT, "no port of " + number
                        + (portId == null ? "" : " with id " + portId) + " is scheduled"));
    }

    private static Event cancelled(ScheduledPort port, String reason) {
        return new Event.PortCancelled(port.portId(), port.number(), port.losingOcn(), port.gainingOcn(), reason);
    }

    private Outcome setPortProtection(Command.SetPortProtection c, Instant at) {
        return withHeldNumber(c.ocn(), c.number(), record -> {
            NumberRecord next = record.withPortProtection(c.protect(), at);
            store.saveNumber(next);
            return accept(new Event.PortProtectionSet(c.number(), c.ocn(), c.protect(), next.version()));
        });
    }

    private Outcome withNumber(E164 number, java.util.function.Function<NumberRecord, Outcome> change) {
        return store.number(number).map(change)
                .orElseGet(() -> reject(Rejection.UNKNOWN_NUMBER, number + " is not allocated"));
    }

    private Outcome withHeldNumber(Ocn ocn, E164 number, java.util.function.Function<NumberRecord, Outcome> change) {
        return withNumber(number, record -> record.ocn().equals(ocn) ? change.apply(record)
                : reject(Rejection.NOT_HOLDER, number + " is held by " + record.ocn() + ", not " + ocn));
    }

    // ------------------------------------------------------------------ registrars

    private Outcome addRegistrar(Registrar registrar) {
        for (Registrar known : store.registrars()) {
            if (known.id().equals(registrar.id()) || known.node() == registrar.node()) {
                return reject(Rejection.REGISTRAR_EXISTS, "registrar " + known.id() + " (node " + known.node()
                        + ") exists");
            }
        }
        store.saveRegistrar(registrar);
        return accept(new Event.RegistrarAdded(registrar.id(), registrar.node(), registrar.endpoint()));
    }

    private Outcome removeRegistrar(String id) {
        if (store.registrar(id).isEmpty()) {
            return reject(Rejection.UNKNOWN_REGISTRAR, "no registrar " + id);
        }
        if (store.registrars().size() == 1) {
            return reject(Rejection.LAST_REGISTRAR, "the last registrar cannot leave");
        }
        store.deleteRegistrar(id);
        return accept(new Event.RegistrarRemoved(id));
    }

    // ------------------------------------------------------------------ helpers

    private static Outcome accept(Event event) {
        return new Outcome.Accepted(List.of(event));
    }

    private static Outcome reject(Rejection reason, String detail) {
        return new Outcome.Rejected(reason, detail);
    }

    private static Outcome unknownOcn(Ocn ocn) {
        return reject(Rejection.UNKNOWN_OCN, "OCN " + ocn + " is not registered");
    }

    private static Outcome versionMoved(NumberRecord record, long expected) {
        return reject(Rejection.VERSION_MOVED, record.number() + " is at version " + record.version()
                + ", not " + expected);
    }

    /** What a command is about, for the subject of its events. */
    static String subjectOf(Command command) {
        return numberNamed(command).map(E164::value).orElseGet(() -> switch (command) {
            case Command.OpenRange c -> c.prefix().value();
            case Command.CloseRange c -> c.prefix().value();
            case Command.RegisterOcn c -> c.ocn().value();
            case Command.UpdateOcn c -> c.ocn().value();
            case Command.AllocateNumber c -> c.prefix().value();
            case Command.AllocateNumbers c -> c.prefix().value();
            case Command.AllocateBlock c -> c.block().toString();
            case Command.AddRegistrar c -> c.registrar();
            case Command.RemoveRegistrar c -> c.registrar();
            default -> throw new IllegalStateException("no subject for " + command);
        });
    }

    /** The number a command is about, if it names one (a store may read them all before a batch). */
    public static Optional<E164> numberNamed(Command command) {
        return Optional.ofNullable(switch (command) {
            case Command.AllocateNumber c -> c.number();
            case Command.ReleaseNumber c -> c.number();
            case Command.UpdateNumber c -> c.number();
            case Command.SetPin c -> c.number();
            case Command.RecordPinFailure c -> c.number();
            case Command.PortNumber c -> c.number();
            case Command.SetPortProtection c -> c.number();
            case Command.SchedulePort c -> c.number();
            case Command.CancelPort c -> c.number();
            case Command.CompletePort c -> c.number();
            default -> null;
        });
    }
}
