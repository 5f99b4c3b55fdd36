package org.numreg.consensus.log;

import org.numreg.consensus.messaging.TopicEvent;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Proposal;
import org.numreg.paxos.Value;
import org.numreg.registry.codec.LogChain;
import org.numreg.registry.event.Applied;
import org.numreg.registry.state.JdbcRegistryStore;
import org.numreg.registry.event.Outcome;
import org.numreg.registry.state.RegistryRules;
import org.numreg.registry.state.RegistryStateMachine;
import org.numreg.registry.event.Rejection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns decided Paxos slots into log positions: each submission in a slot gets the next
 * position, is applied to the registry state machine and yields its CloudEvents, whose bytes
 * extend the hash chain ({@link LogChain}) — in the caller's transaction, with the new
 * {@link LogHead}.
 */
public final class LogApplier {

    private final RegistryRules rules;
    private volatile LogHead head;

    public LogApplier(RegistryRules rules, LogHead head) {
        this.rules = rules;
        this.head = head;
    }

    public LogHead head() {
        return head;
    }

    /** The log continues after {@code committed}: an apply's transaction or a peer's snapshot committed it. */
    public void continueAfter(LogHead committed) {
        this.head = committed;
    }

    /**
     * What one call applied, the events of those positions — every event of each — for the
     * changes topic, and the head after them.
     */
    /** @param traces the trace each applied command was submitted in, where it had one */
    public record Batch(List<Applied> applied, List<TopicEvent> events, LogHead head, Map<Applied, String> traces) {
    }

    /**
     * Applies the decisions (contiguous slots; those at or below the head were applied before a
     * restart and are skipped). The head moves only when the caller has committed the
     * transaction and says so ({@link #continueAfter}).
     */
    public Batch apply(Connection db, List<Decision> decisions) throws SQLException {
        LogHead head = this.head;
        JdbcRegistryStore store = new JdbcRegistryStore(db);
        // Read once what the batch's commands will ask for: their ids, and the numbers they name.
        Map<Proposal, Submission> submissions = new IdentityHashMap<>();
        for (Decision decision : decisions) {
            if (decision.slot() > head.slot()) {
                for (Proposal proposal : proposalsOf(decision.value())) {
                    submissionOf(proposal).ifPresent(submission -> submissions.put(proposal, submission));
                }
            }
        }
        store.preloadApplied(submissions.values().stream().map(s -> s.command().id()).toList());
        store.preloadNumbers(submissions.values().stream()
                .flatMap(s -> RegistryStateMachine.numberNamed(s.command()).stream()).toList());
        RegistryStateMachine machine = new RegistryStateMachine(store, rules);
        List<Applied> applied = new ArrayList<>();
        List<TopicEvent> events = new ArrayList<>();
        Map<Applied, String> traces = new IdentityHashMap<>();
        for (Decision decision : decisions) {
            if (decision.slot() <= head.slot()) {
                continue;
            }
            Instant commitTime = commitTimeOf(decision.value(), head);
            for (Proposal proposal : proposalsOf(decision.value())) {
                long position = head.position() + 1;
                Submission submission = submissions.get(proposal);
                Applied outcome = applyOne(machine, position, commitTime, proposal, submission);
                String traceparent = submission == null ? null : submission.traceparent();
                if (traceparent != null) {
                    traces.put(outcome, traceparent);
                }
                LogChain.Link link = LogChain.link(head.hash(), outcome, traceparent);
                head = new LogHead(decision.slot(), position, commitTime, link.hash());
                for (int index = 0; index < link.events().size(); index++) {
                    events.add(new TopicEvent(position, index, link.events().get(index)));
                }
                applied.add(outcome);
            }
            head = head.atSlot(decision.slot());
        }
        store.flush();
        head.save(db);
        return new Batch(applied, events, head, traces);
    }

    /** @param submission the proposal read as a submission; null when it is none */
    private Applied applyOne(RegistryStateMachine machine, long position, Instant commitTime, Proposal proposal,
                             Submission submission) {
        if (submission == null) {
            // Bytes that are no command got into the log: every registrar refuses them alike.
            String id = proposal.id().substring(proposal.id().indexOf('/') + 1);
            return new Applied(position, commitTime, proposal.id().split("/", 2)[0], null, id, "malformed",
                    new Outcome.Rejected(Rejection.MALFORMED_COMMAND, "not a registry command"));
        }
        return machine.apply(position, commitTime, submission.registrar(), submission.principal(), submission.command());
    }

    private static Optional<Submission> submissionOf(Proposal proposal) {
        try {
            return Optional.of(Submission.of(proposal));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The commit time: the leader's stamp, never earlier than the previous position's (design §3). */
    private static Instant commitTimeOf(Value value, LogHead head) {
        long stamp = Value.timestampOf(value);
        Instant leader = stamp == Long.MIN_VALUE ? head.commitTime() : Instant.ofEpochMilli(stamp);
        return leader.isAfter(head.commitTime()) ? leader : head.commitTime();
    }

    private static List<Proposal> proposalsOf(Value value) {
        return switch (value) {
            case Value.Batch batch -> batch.proposals();
            case Value.Reconfigure reconfigure -> reconfigure.cause() == null ? List.of() : List.of(reconfigure.cause());
            case Value.Noop noop -> List.of();
        };
    }
}
