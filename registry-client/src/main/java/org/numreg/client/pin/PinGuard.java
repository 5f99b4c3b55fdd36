package org.numreg.client.pin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import org.numreg.client.consensus.CommandRefused;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.records.RegistryRecords;
import org.numreg.client.records.StoredNumber;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.PinChannel;
import org.numreg.registry.domain.PinFailures;
import org.numreg.client.auth.Caller;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;
import org.numreg.support.limits.RateLimiter;

import java.time.Instant;
import java.util.UUID;

/**
 * Checks a PIN presented for a number, through one {@link PinChannel}, against its hash in the
 * read model. A wrong PIN is committed to the log as a failure of that channel (naming the record
 * version checked), so the back-off counts the same at every registrar; while the channel is
 * closed no PIN is checked at all, the right one neither — else the back-off would not bound
 * guessing.
 */
@ApplicationScoped
public class PinGuard {

    /** How often a check starts over because the record moved while it was checked. */
    static final int ATTEMPTS = 3;

    private final Pins pins;
    private final ConsensusClient consensus;
    private final RegistryRecords records;
    private final FeedProgress progress;
    private final RateLimiter limits;

    PinGuard(Pins pins, ConsensusClient consensus, RegistryRecords records, FeedProgress progress, RateLimiter limits) {
        this.pins = pins;
        this.consensus = consensus;
        this.records = records;
        this.progress = progress;
        this.limits = limits;
    }

    /**
     * Returns the number's record when {@code pin} is its PIN; throws {@link WrongPin} once the
     * failure is committed (in the caller's name), {@link PinLocked} while the channel is closed,
     * {@link CommandRefused} (no PIN), or {@link RateLimiter.TooManyRequests} when the caller
     * ({@link Caller#rateKey}) or everybody checked too many PINs of the number of late. A failure that cannot be committed because the
     * record moved is checked again against the newer record: a wrong PIN is never answered
     * without being counted.
     */
    public StoredNumber check(E164 number, String pin, PinChannel channel, Caller caller) {
        limits.acquire(limits.pinChecksPerClient(), caller.rateKey());
        limits.acquire(limits.pinChecksPerNumber(), number.value());
        for (int attempt = 1; ; attempt++) {
            StoredNumber stored = records.find(number)
                    .orElseThrow(() -> new NotFoundException(number + " is not allocated"));
            NumberRecord record = stored.record();
            PinFailures failures = record.pinFailures(channel);
            if (failures.lockedAt(Instant.now())) {
                throw new PinLocked(number, channel, failures, stored.position());
            }
            if (record.pinHash() == null) {
                throw new CommandRefused(422, Rejection.PIN_NOT_SET, stored.position(), number + " has no PIN");
            }
            if (pins.matches(pin, record.pinHash())) {
                return stored;
            }
            try {
                Committed committed = consensus.submit(new Command.RecordPinFailure(UUID.randomUUID().toString(),
                        number, record.version(), channel), caller.principal());
                Event.PinFailureRecorded failure = committed.events(Event.PinFailureRecorded.class).getFirst();
                throw new WrongPin(failure, committed.position());
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
        private final Event.PinFailureRecorded failure;
        private final long position;

        WrongPin(Event.PinFailureRecorded failure, long position) {
            super(failure.channelFailures().lockedAt(Instant.now())
                    ? "wrong PIN; " + failure.number() + " takes no PIN for " + failure.channel().wireName()
                    + " until " + failure.lockedUntil()
                    : "wrong PIN (" + failure.failures() + " wrong for " + failure.channel().wireName() + " so far)");
            this.failure = failure;
            this.position = position;
        }

        public Event.PinFailureRecorded failure() {
            return failure;
        }

        public long position() {
            return position;
        }
    }

    /** The channel is closed for now: no PIN was checked. */
    public static final class PinLocked extends RuntimeException {
        private final Instant until;
        private final long position;

        PinLocked(E164 number, PinChannel channel, PinFailures failures, long position) {
            super(number + " takes no PIN for " + channel.wireName() + " until " + failures.lockedUntil() + ", after "
                    + failures.count() + " wrong PINs (its OCN can set a new PIN at once)");
            this.until = failures.lockedUntil();
            this.position = position;
        }

        public Instant until() {
            return until;
        }

        public long position() {
            return position;
        }
    }
}
