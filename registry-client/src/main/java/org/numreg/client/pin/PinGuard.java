package org.numreg.client.pin;

import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.consensus.CommandRefused;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.client.records.StoredNumber;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;

import java.util.UUID;

/**
 * Checks a PIN presented for a number against its hash in the read model. A wrong PIN is
 * committed to the log as a failure (naming the record version checked), so the lockout after
 * too many counts the same at every registrar.
 */
@ApplicationScoped
public class PinGuard {

    private final Pins pins;
    private final ConsensusClient consensus;

    PinGuard(Pins pins, ConsensusClient consensus) {
        this.pins = pins;
        this.consensus = consensus;
    }

    /** Returns when {@code pin} is the number's PIN; throws {@link WrongPin} or {@link CommandRefused} otherwise. */
    public void check(StoredNumber number, String pin) {
        NumberRecord record = number.record();
        if (record.pinLocked()) {
            throw new CommandRefused(422, Rejection.PIN_LOCKED, number.position(), record.number()
                    + " is locked after " + record.pinFailures() + " wrong PINs until its OCN sets the PIN again");
        }
        if (record.pinHash() == null) {
            throw new CommandRefused(422, Rejection.PIN_NOT_SET, number.position(), record.number() + " has no PIN");
        }
        if (pins.matches(pin, record.pinHash())) {
            return;
        }
        Committed committed = consensus.submit(new Command.RecordPinFailure(UUID.randomUUID().toString(),
                record.number(), record.version()));
        Event.PinFailureRecorded failure = committed.events(Event.PinFailureRecorded.class).getFirst();
        throw new WrongPin(failure.failures(), failure.locked(), committed.position());
    }

    /** The PIN did not match; the failure is committed at {@code position}. */
    public static final class WrongPin extends RuntimeException {
        private final int failures;
        private final boolean locked;
        private final long position;

        WrongPin(int failures, boolean locked, long position) {
            super(locked ? "wrong PIN; the number is now locked against ports until its OCN sets the PIN again"
                    : "wrong PIN (" + failures + " wrong so far)");
            this.failures = failures;
            this.locked = locked;
            this.position = position;
        }

        public int failures() {
            return failures;
        }

        public boolean locked() {
            return locked;
        }

        public long position() {
            return position;
        }
    }
}
