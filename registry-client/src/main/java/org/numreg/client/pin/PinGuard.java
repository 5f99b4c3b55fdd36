package org.numreg.client.pin;

import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.client.consensus.CommandRefused;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.records.RegistryRecords;
import org.numreg.client.records.StoredNumber;
import jakarta.ws.rs.NotFoundException;
import org.numreg.registry.domain.E164;
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

    /** How often a check starts over because the record moved while it was checked. */
    static final int ATTEMPTS = 3;

    private final Pins pins;
    private final ConsensusClient consensus;
    private final RegistryRecords records;
    private final FeedProgress progress;

    PinGuard(Pins pins, ConsensusClient consensus, RegistryRecords records, FeedProgress progress) {
        this.pins = pins;
        this.consensus = consensus;
        this.records = records;
        this.progress = progress;
    }

    /**
     * Returns the number's record when {@code pin} is its PIN; throws {@link WrongPin} once the
     * failure is committed, or {@link CommandRefused} (locked, no PIN). A failure that cannot
     * be committed because the record moved is checked again against the newer record: a wrong
     * PIN is never answered without being counted.
     */
    public StoredNumber check(E164 number, String pin) {
        for (int attempt = 1; ; attempt++) {
            StoredNumber stored = records.find(number)
                    .orElseThrow(() -> new NotFoundException(number + " is not allocated"));
            NumberRecord record = stored.record();
            if (record.pinLocked()) {
                throw new CommandRefused(422, Rejection.PIN_LOCKED, stored.position(), number
                        + " is locked after " + record.pinFailures() + " wrong PINs until its OCN sets the PIN again");
            }
            if (record.pinHash() == null) {
                throw new CommandRefused(422, Rejection.PIN_NOT_SET, stored.position(), number + " has no PIN");
            }
            if (pins.matches(pin, record.pinHash())) {
                return stored;
            }
            try {
                Committed committed = consensus.submit(new Command.RecordPinFailure(UUID.randomUUID().toString(),
                        number, record.version()));
                Event.PinFailureRecorded failure = committed.events(Event.PinFailureRecorded.class).getFirst();
                throw new WrongPin(failure.failures(), failure.locked(), committed.position());
            } catch (CommandRefused refused) {
                if (refused.reason() != Rejection.VERSION_MOVED || attempt == ATTEMPTS) {
                    throw refused;
                }
                progress.require(refused.position());
            }
        }
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
