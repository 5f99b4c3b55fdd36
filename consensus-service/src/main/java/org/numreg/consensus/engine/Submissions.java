package org.numreg.consensus.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.numreg.consensus.log.Submission;
import org.numreg.paxos.Node;
import org.numreg.paxos.Reconfiguration;
import org.numreg.registry.command.Command;
import org.numreg.registry.event.Applied;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * This registrar's commands on their way into the log: each waits until it is applied here.
 * Submissions of one command id share one proposal and its outcome; an id applied before answers
 * at once, with its first outcome.
 */
final class Submissions {

    /** The commands applied before, of those ids: one query for many submissions, not one each. */
    @FunctionalInterface
    interface AppliedBefore {
        Map<String, Applied> among(List<String> commandIds) throws SQLException;
    }

    private record Waiter(CompletableFuture<Applied> future, long submittedNanos) {
    }

    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();
    /** Admitted on the loop thread and not yet proposed. */
    private final List<Submission> admitted = new ArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final int maxPending;
    private final AppliedBefore appliedBefore;
    private final Function<Command, Optional<Reconfiguration.Change>> changeOf;
    private final Timer commitTimer;

    /**
     * @param maxPending submissions waiting at most; more are {@link ConsensusEngine.Busy}
     * @param changeOf   the Paxos membership change a command makes, if any
     */
    Submissions(int maxPending, AppliedBefore appliedBefore,
                Function<Command, Optional<Reconfiguration.Change>> changeOf, MeterRegistry metrics) {
        this.maxPending = maxPending;
        this.appliedBefore = appliedBefore;
        this.changeOf = changeOf;
        this.commitTimer = Timer.builder("numreg.consensus.commit").description("from submission to applied here")
                .publishPercentileHistogram().register(metrics);
        metrics.gauge("numreg.consensus.pending", pending);
    }

    /**
     * Any thread: the future completes once the command is applied here. {@code loop} runs on
     * the thread that owns the node; a failed future (the caller gave up) is forgotten there.
     */
    CompletableFuture<Applied> submit(Submission submission, Executor loop) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            throw new ConsensusEngine.Busy();
        }
        CompletableFuture<Applied> applied = new CompletableFuture<>();
        String id = submission.command().id();
        applied.whenComplete((outcome, failure) -> {
            pending.decrementAndGet();
            if (failure != null) {
                loop.execute(() -> forget(id, applied));
            }
        });
        Waiter waiter = new Waiter(applied, System.nanoTime());
        loop.execute(() -> admit(submission, waiter));
        return applied;
    }

    /** Loop thread: a command id already on its way is not proposed again. */
    private void admit(Submission submission, Waiter waiter) {
        boolean[] first = {false};
        waiting.compute(submission.command().id(), (id, waiters) -> {
            List<Waiter> list = waiters == null ? new ArrayList<>() : waiters;
            first[0] = list.isEmpty();
            list.add(waiter);
            return list;
        });
        if (first[0]) {
            admitted.add(submission);
        }
    }

    /** Loop thread: proposes what was admitted since the last time, except what was applied before. */
    void proposeTo(Node node) throws SQLException {
        if (admitted.isEmpty()) {
            return;
        }
        try {
            Map<String, Applied> before = appliedBefore.among(admitted.stream().map(s -> s.command().id()).toList());
            for (Submission submission : admitted) {
                Applied applied = before.get(submission.command().id());
                if (applied != null) {
                    complete(applied);
                } else {
                    Optional<Reconfiguration.Change> change = changeOf.apply(submission.command());
                    if (change.isPresent()) {
                        node.proposeReconfiguration(new Reconfiguration(submission.toProposal(), change.get()));
                    } else {
                        node.propose(submission.toProposal());
                    }
                }
            }
        } finally {
            admitted.clear();
        }
    }

    /** Any thread: answers the command's waiters. */
    void complete(Applied applied) {
        List<Waiter> waiters = waiting.remove(applied.commandId());
        if (waiters != null) {
            long now = System.nanoTime();
            for (Waiter waiter : waiters) {
                commitTimer.record(now - waiter.submittedNanos(), TimeUnit.NANOSECONDS);
                waiter.future().complete(applied);
            }
        }
    }

    private void forget(String commandId, CompletableFuture<Applied> future) {
        waiting.computeIfPresent(commandId, (id, waiters) -> {
            waiters.removeIf(w -> w.future() == future);
            return waiters.isEmpty() ? null : waiters;
        });
    }
}
