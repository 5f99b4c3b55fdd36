package org.numreg.registry.state;

import org.numreg.registry.event.Outcome;
import org.numreg.registry.event.Applied;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Registrar;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.numreg.registry.state.Outcomes.accept;
import static org.numreg.registry.state.Outcomes.reject;
import static org.numreg.registry.state.Outcomes.unknownOcn;
import static org.numreg.registry.state.Outcomes.versionMoved;

/**
 * Applies the log, one command at a time, to the registry state. Deterministic: the outcome
 * depends only on the state and the command (and the commit time the log gives), never on a
 * clock, randomness or anything else — so every registrar reaches the same state and outcomes.
 */
public final class RegistryStateMachine {

    private final RegistryStore store;
    private final RegistryRules rules;
    private final Allocations allocations;
    private final Ports ports;

    public RegistryStateMachine(RegistryStore store, RegistryRules rules) {
        this.store = store;
        this.rules = rules;
        this.allocations = new Allocations(store);
        this.ports = new Ports(store);
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
                    ? allocations.allocateNumber(c.ocn(), c.number(), c.properties(), at)
                    : allocations.allocateNumbers(c.ocn(), c.prefix(), 1, c.properties(), at);
            case Command.AllocateNumbers c -> allocations.allocateNumbers(c.ocn(), c.prefix(), c.count(), c.properties(), at);
            case Command.AllocateBlock c -> allocations.allocateBlock(c.ocn(), c.block());
            case Command.ReleaseNumber c -> releaseNumber(c.ocn(), c.number());
            case Command.UpdateNumber c -> updateNumber(c, at);
            case Command.SetPin c -> setPin(c, at);
            case Command.RecordPinFailure c -> recordPinFailure(c, at);
            case Command.PortNumber c -> ports.portNumber(c, at);
            case Command.SetPortProtection c -> ports.setPortProtection(c, at);
            case Command.SchedulePort c -> ports.schedulePort(c, at);
            case Command.CancelPort c -> ports.cancelPort(c);
            case Command.CompletePort c -> ports.completePort(c, at);
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

    // ------------------------------------------------------------------ a number's life

    private Outcome releaseNumber(Ocn ocn, E164 number) {
        return Outcomes.withHeldNumber(store, ocn, number, record -> {
            store.deleteNumber(number);
            List<Event> events = new ArrayList<>(List.of(new Event.NumberReleased(number, ocn)));
            store.scheduledPort(number).ifPresent(port -> {
                store.deleteScheduledPort(number);
                events.add(Ports.cancelled(port, "the number was released"));
            });
            return new Outcome.Accepted(events);
        });
    }

    private Outcome updateNumber(Command.UpdateNumber c, Instant at) {
        return Outcomes.withHeldNumber(store, c.ocn(), c.number(), record -> {
            if (c.expectedVersion() != null && c.expectedVersion() != record.version()) {
                return versionMoved(record, c.expectedVersion());
            }
            NumberRecord next = record.withProperties(c.properties(), at);
            store.saveNumber(next);
            return accept(new Event.NumberUpdated(Event.NumberView.of(next)));
        });
    }

    private Outcome setPin(Command.SetPin c, Instant at) {
        return Outcomes.withHeldNumber(store, c.ocn(), c.number(), record -> {
            NumberRecord next = record.withPin(c.pinHash(), at);
            store.saveNumber(next);
            return accept(new Event.PinSet(c.number(), c.ocn(), c.pinHash(), next.version()));
        });
    }

    private Outcome recordPinFailure(Command.RecordPinFailure c, Instant at) {
        return Outcomes.withNumber(store, c.number(), record -> {
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
