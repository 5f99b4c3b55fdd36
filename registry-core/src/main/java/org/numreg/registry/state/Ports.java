package org.numreg.registry.state;

import org.numreg.registry.event.Outcome;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.domain.ScheduledPort;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import static org.numreg.registry.state.Outcomes.accept;
import static org.numreg.registry.state.Outcomes.reject;
import static org.numreg.registry.state.Outcomes.unknownOcn;
import static org.numreg.registry.state.Outcomes.versionMoved;

/** Ports, at once or scheduled, and protection against them (part of {@link RegistryStateMachine}). */
final class Ports {

    private final RegistryStore store;

    Ports(RegistryStore store) {
        this.store = store;
    }

    Outcome portNumber(Command.PortNumber c, Instant at) {
        return Outcomes.withNumber(store, c.number(), record -> portRefusal(record, c.gainingOcn(), c.checkedVersion(), at)
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

    Outcome schedulePort(Command.SchedulePort c, Instant at) {
        return Outcomes.withNumber(store, c.number(), record -> portRefusal(record, c.gainingOcn(), c.checkedVersion(), at)
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

    Outcome cancelPort(Command.CancelPort c) {
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
    Outcome completePort(Command.CompletePort c, Instant at) {
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

    private Outcome withScheduledPort(E164 number, String portId, Function<ScheduledPort, Outcome> change) {
        return store.scheduledPort(number)
                .filter(port -> portId == null || port.portId().equals(portId))
                .map(change)
                .orElseGet(() -> reject(Rejection.UNKNOWN_PORT, "no port of " + number
                        + (portId == null ? "" : " with id " + portId) + " is scheduled"));
    }

    static Event cancelled(ScheduledPort port, String reason) {
        return new Event.PortCancelled(port.portId(), port.number(), port.losingOcn(), port.gainingOcn(), reason);
    }

    Outcome setPortProtection(Command.SetPortProtection c, Instant at) {
        return Outcomes.withHeldNumber(store, c.ocn(), c.number(), record -> {
            NumberRecord next = record.withPortProtection(c.protect(), at);
            store.saveNumber(next);
            return accept(new Event.PortProtectionSet(c.number(), c.ocn(), c.protect(), next.version()));
        });
    }
}
