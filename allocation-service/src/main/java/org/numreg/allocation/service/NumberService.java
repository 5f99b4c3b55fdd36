package org.numreg.allocation.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import org.numreg.allocation.repository.BlockRepository;
import org.numreg.client.auth.Caller;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.pin.Pins;
import org.numreg.client.records.NumberFilter;
import org.numreg.client.records.RegistryRecords;
import org.numreg.client.rest.Page;
import org.numreg.client.rest.Paging;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.event.Event;

import java.util.List;

/**
 * What an OCN's administrators do with the OCN's numbers, and nothing with other OCNs': each
 * write checks that the caller administers the OCN it acts for, then is committed through the
 * log (an idempotency key makes a retry the same command). Reads wait until this registrar's
 * read model holds {@code minPosition}.
 */
@ApplicationScoped
public class NumberService {

    private final ConsensusClient consensus;
    private final RegistryRecords records;
    private final BlockRepository blocks;
    private final FeedProgress progress;
    private final Pins pins;
    private final Caller caller;

    NumberService(ConsensusClient consensus, RegistryRecords records, BlockRepository blocks, FeedProgress progress,
                  Pins pins, Caller caller) {
        this.consensus = consensus;
        this.records = records;
        this.blocks = blocks;
        this.progress = progress;
        this.pins = pins;
        this.caller = caller;
    }

    /** A given number, or else (number null) the lowest free one under {@code prefix}. */
    public Committed allocate(Ocn ocn, E164 number, Prefix prefix, NumberProperties properties, String idempotencyKey) {
        return submitFor(ocn, new Command.AllocateNumber(caller.commandId(idempotencyKey), ocn, number, prefix,
                properties));
    }

    /** The {@code count} lowest free numbers under the prefix, all or none. */
    public Committed allocateMany(Ocn ocn, Prefix prefix, int count, NumberProperties properties,
                                  String idempotencyKey) {
        return submitFor(ocn, new Command.AllocateNumbers(caller.commandId(idempotencyKey), ocn, prefix, count,
                properties));
    }

    public Committed allocateBlock(Ocn ocn, Block block, String idempotencyKey) {
        return submitFor(ocn, new Command.AllocateBlock(caller.commandId(idempotencyKey), ocn, block));
    }

    public List<BlockRecord> blocks(Ocn ocn, long minPosition) {
        caller.requireAdministers(ocn);
        progress.require(minPosition);
        return blocks.of(ocn);
    }

    /** Replaces the number's properties; with {@code expectedVersion}, only if the record is still at it. */
    public Committed update(E164 number, Ocn named, NumberProperties properties, Long expectedVersion,
                            String idempotencyKey, long minPosition) {
        Ocn ocn = actingFor(number, named, minPosition);
        return submit(new Command.UpdateNumber(caller.commandId(idempotencyKey), ocn, number, properties,
                expectedVersion));
    }

    /** Sets the consumer's PIN: only its salted hash goes into the log. */
    public Committed setPin(E164 number, Ocn named, String pin, String idempotencyKey, long minPosition) {
        Pins.checkForm("pin", pin);
        Ocn ocn = actingFor(number, named, minPosition);
        return submit(new Command.SetPin(caller.commandId(idempotencyKey), ocn, number, pins.hash(pin)));
    }

    public Committed release(E164 number, Ocn named, String idempotencyKey, long minPosition) {
        Ocn ocn = actingFor(number, named, minPosition);
        return submit(new Command.ReleaseNumber(caller.commandId(idempotencyKey), ocn, number));
    }

    /** The OCN's numbers in number order, from after {@code after} (null: the first). */
    public Page<Event.NumberView> numbers(Ocn ocn, E164 after, int limit, long minPosition) {
        caller.requireAdministers(ocn);
        Paging.limit(limit);
        progress.require(minPosition);
        return Page.of(records.search(NumberFilter.ofOcn(ocn), after == null ? null : after.value(), limit), limit,
                n -> Event.NumberView.of(n.record()));
    }

    /** The OCN the caller acts for on {@code number} (named, or its holder), which the caller must administer. */
    private Ocn actingFor(E164 number, Ocn named, long minPosition) {
        progress.require(minPosition);
        Ocn ocn = records.holderOf(number, named == null ? null : named.value());
        if (!caller.administers(ocn)) {
            throw new ForbiddenException("you do not administer OCN " + ocn + (named == null ? ", which holds " + number : ""));
        }
        return ocn;
    }

    /** A command whose values checked themselves (a 400 before anything else), for an OCN the caller administers. */
    private Committed submitFor(Ocn ocn, Command command) {
        caller.requireAdministers(ocn);
        return submit(command);
    }

    private Committed submit(Command command) {
        return consensus.submit(command, caller.principal());
    }
}
