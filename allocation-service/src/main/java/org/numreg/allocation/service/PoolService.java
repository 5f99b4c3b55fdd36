package org.numreg.allocation.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.allocation.repository.RangeRepository;
import org.numreg.client.auth.Caller;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.records.RegistryRecords;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.domain.Prefix;

import java.util.List;

/**
 * The pool that system admins manage: the ranges open for allocation and the OCNs (carriers).
 * Writes are committed through the log; reads wait until this registrar's read model holds
 * {@code minPosition}. (Who may call what is the resource's {@code @RolesAllowed}.)
 */
@ApplicationScoped
public class PoolService {

    /** An open range and how many of its numbers are allocated and free. */
    public record RangeView(String prefix, int digits, long size, long allocated, long free) {
        public static RangeView of(NumberRange range, long allocated) {
            long size = range.size();
            return new RangeView(range.prefix().value(), range.digits(), size, allocated, size - allocated);
        }
    }

    private final ConsensusClient consensus;
    private final RangeRepository ranges;
    private final RegistryRecords records;
    private final FeedProgress progress;
    private final Caller caller;

    PoolService(ConsensusClient consensus, RangeRepository ranges, RegistryRecords records, FeedProgress progress,
                Caller caller) {
        this.consensus = consensus;
        this.ranges = ranges;
        this.records = records;
        this.progress = progress;
        this.caller = caller;
    }

    /** Opens numbers under {@code prefix}; {@code digits} 0: the numbering plan's length. */
    public Committed openRange(Prefix prefix, int digits, String idempotencyKey) {
        return submit(new Command.OpenRange(caller.commandId(idempotencyKey), prefix, digits));
    }

    public Committed closeRange(Prefix prefix, String idempotencyKey) {
        return submit(new Command.CloseRange(caller.commandId(idempotencyKey), prefix));
    }

    public List<RangeView> ranges(long minPosition) {
        progress.require(minPosition);
        return ranges.ranges().stream()
                .map(range -> RangeView.of(range, records.countUnder(range.prefix().value())))
                .toList();
    }

    public Committed registerOcn(OcnRecord ocn, String idempotencyKey) {
        return submit(new Command.RegisterOcn(caller.commandId(idempotencyKey), ocn.ocn(), ocn.name(), ocn.contact()));
    }

    public Committed updateOcn(OcnRecord ocn, String idempotencyKey) {
        return submit(new Command.UpdateOcn(caller.commandId(idempotencyKey), ocn.ocn(), ocn.name(), ocn.contact()));
    }

    public List<OcnRecord> ocns(long minPosition) {
        progress.require(minPosition);
        return records.ocns();
    }

    private Committed submit(Command command) {
        return consensus.submit(command, caller.principal());
    }
}
