package org.numreg.porting.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import org.numreg.client.auth.Caller;
import org.numreg.client.consensus.CommandRefused;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.pin.PinGuard;
import org.numreg.client.pin.Pins;
import org.numreg.client.records.RegistryRecords;
import org.numreg.client.records.StoredNumber;
import org.numreg.client.rest.Paging;
import org.numreg.porting.repository.PortRepository;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinChannel;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.event.Rejection;

import java.time.Instant;
import java.util.List;

/**
 * Ports: the gaining OCN's admin moves a number to the gaining OCN by presenting the consumer's
 * PIN, at once or at a due time; either OCN's admin may cancel a scheduled port; the holding OCN's
 * admin can lock a number against ports. The PIN is checked here against the hash in the read
 * model and goes no further; a wrong one is committed as a failure ({@link PinGuard}).
 */
@ApplicationScoped
public class PortService {

    /** Where a number stands for porting (wrong PINs presented to port it included), and its ports so far. */
    public record PortStatus(String number, String ocn, boolean portProtected, boolean pinSet,
                             PinFailures portPinFailures, List<PortRepository.Port> ports) {
    }

    /** Attempts at a port whose record moves between the PIN check and the commit. */
    private static final int ATTEMPTS = 3;

    private final ConsensusClient consensus;
    private final RegistryRecords records;
    private final PortRepository ports;
    private final PinGuard pinGuard;
    private final FeedProgress progress;
    private final Caller caller;

    PortService(ConsensusClient consensus, RegistryRecords records, PortRepository ports, PinGuard pinGuard,
                FeedProgress progress, Caller caller) {
        this.consensus = consensus;
        this.records = records;
        this.ports = ports;
        this.pinGuard = pinGuard;
        this.progress = progress;
        this.caller = caller;
    }

    /** Ports {@code number} to {@code gaining} now, or schedules it for {@code dueAt} (not null). */
    public Committed port(E164 number, Ocn gaining, String pin, Instant dueAt, String idempotencyKey,
                          long minPosition) {
        Pins.checkForm("pin", pin);
        caller.requireAdministers(gaining);
        progress.require(minPosition);
        for (int attempt = 1; ; attempt++) {
            StoredNumber checked = pinGuard.check(number, pin, PinChannel.PORT, caller);
            String id = caller.commandId(idempotencyKey) + (attempt > 1 ? ":" + attempt : "");
            long version = checked.record().version();
            try {
                return consensus.submit(dueAt != null
                        ? new Command.SchedulePort(id, number, gaining, version, dueAt)
                        : new Command.PortNumber(id, number, gaining, version), caller.principal());
            } catch (CommandRefused refused) {
                // The record moved after the PIN was checked: check again against the newer record.
                if (refused.reason() != Rejection.VERSION_MOVED || attempt == ATTEMPTS) {
                    throw refused;
                }
                progress.require(refused.position());
            }
        }
    }

    /** Cancels the number's scheduled port, for the admins of the gaining or the losing OCN. */
    public Committed cancel(E164 number, String idempotencyKey, long minPosition) {
        progress.require(minPosition);
        PortRepository.Port port = ports.ofNumber(number).stream().filter(p -> p.status().equals("scheduled"))
                .findFirst().orElseThrow(() -> new NotFoundException(number + " has no scheduled port"));
        Ocn ocn = caller.administers(Ocn.of(port.gainingOcn())) ? Ocn.of(port.gainingOcn()) : Ocn.of(port.losingOcn());
        caller.requireAdministers(ocn);
        return consensus.submit(new Command.CancelPort(caller.commandId(idempotencyKey), number, ocn),
                caller.principal());
    }

    /** Locks (or unlocks) the number against ports, for its holder's admins. */
    public Committed protect(E164 number, boolean protect, String idempotencyKey, long minPosition) {
        progress.require(minPosition);
        Ocn holder = records.holderOf(number, null);
        caller.requireAdministers(holder);
        return consensus.submit(new Command.SetPortProtection(caller.commandId(idempotencyKey), holder, number,
                protect), caller.principal());
    }

    /** Ports from or to the OCN, newest first, before position {@code before}. */
    public List<PortRepository.Port> ofOcn(Ocn ocn, long before, int limit, long minPosition) {
        if (!caller.isSystemAdmin()) {
            caller.requireAdministers(ocn);
        }
        Paging.limit(limit);
        progress.require(minPosition);
        return ports.ofOcn(ocn, before, limit);
    }

    /** For the number's OCN's admins and system admins. */
    public PortStatus status(E164 number, long minPosition) {
        progress.require(minPosition);
        StoredNumber stored = records.find(number).orElseThrow(() -> new NotFoundException(number + " is not allocated"));
        if (!caller.maySeeAllOf(stored.record().ocn())) {
            throw new ForbiddenException("a number's port status is for its OCN's administrators and system admins");
        }
        NumberRecord r = stored.record();
        return new PortStatus(number.value(), r.ocn().value(), r.portProtected(), r.pinHash() != null,
                r.portPinFailures(), ports.ofNumber(number));
    }
}
