package org.numreg.consensus.engine;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jboss.logging.Logger;
import org.numreg.consensus.config.ConsensusConfig;
import org.numreg.consensus.log.ApplySpans;
import org.numreg.consensus.log.JdbcPaxosStorage;
import org.numreg.consensus.log.LogApplier;
import org.numreg.consensus.log.LogHead;
import org.numreg.consensus.log.StateSnapshot;
import org.numreg.consensus.messaging.ChangesPublisher;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Ready;
import org.numreg.paxos.Value;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Applied;
import org.numreg.registry.event.Outcome;

import javax.sql.DataSource;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The applier thread: applies, in order and one transaction at a time, everything decided since
 * the last apply (a backlog in pieces of {@code max-apply}), committed once the changes topic
 * holds its events; installs a peer's snapshot when the slots this registrar lacks are compacted
 * everywhere. A long apply, or a Kafka outage, never holds up the loop's promises and
 * acceptances: while Kafka does not take the events, the decisions wait here and are applied
 * again a second later ({@link BackPressure} bounds how many).
 */
final class Applier {

    private static final Logger LOG = Logger.getLogger(Applier.class);
    private static final Duration PUBLISH_RETRY = Duration.ofSeconds(1);

    /** What a registrar-changing apply or a snapshot install must be followed by. */
    @FunctionalInterface
    interface RegistrarsChanged {
        void reload() throws SQLException;
    }

    private final DataSource db;
    private final LogApplier log;
    private final ChangesPublisher publisher;
    private final ApplySpans spans;
    private final Submissions submissions;
    private final Handoff handoff;
    private final BackPressure backPressure;
    private final NodeLoop loop;
    private final SnapshotInstaller snapshots;
    private final RegistrarsChanged registrarsChanged;
    private final long maxApply;
    private final int retainSlots;
    private final int compactEvery;
    private final Timer applyTimer;
    private final DistributionSummary batchSize;
    private final Worker worker = new Worker("consensus-applier", "applying the log failed", this::turn);
    // The applier thread's own:
    /** Decided, handed over, not yet applied. */
    private final List<Decision> unapplied = new ArrayList<>();
    /** To install once everything before it is applied. */
    private Ready.SnapshotNeeded snapshot;
    /** Whether the last apply got its events on the topic. */
    private boolean lastPublished = true;
    private long lastCompaction;

    Applier(DataSource db, LogApplier log, ChangesPublisher publisher, ApplySpans spans, Submissions submissions,
            Handoff handoff, BackPressure backPressure, NodeLoop loop, SnapshotInstaller snapshots,
            RegistrarsChanged registrarsChanged, ConsensusConfig config, MeterRegistry metrics) {
        this.db = db;
        this.log = log;
        this.publisher = publisher;
        this.spans = spans;
        this.submissions = submissions;
        this.handoff = handoff;
        this.backPressure = backPressure;
        this.loop = loop;
        this.snapshots = snapshots;
        this.registrarsChanged = registrarsChanged;
        this.maxApply = config.maxApply().asLongValue();
        this.retainSlots = config.retainSlots();
        this.compactEvery = config.compactEvery();
        this.applyTimer = Timer.builder("numreg.consensus.apply").description("applying a Ready's decisions")
                .publishPercentileHistogram().register(metrics);
        this.batchSize = DistributionSummary.builder("numreg.consensus.batch.size")
                .description("commands per decided slot").register(metrics);
    }

    void start() {
        worker.start();
    }

    void stop() throws InterruptedException {
        worker.stop();
    }

    /** Everything handed over since the last turn, applied; then the snapshot wanted, if any. */
    private void turn() throws InterruptedException, SQLException {
        for (Handoff.Work item : handoff.take(Duration.ofSeconds(1))) {
            switch (item) {
                case Handoff.Decided d -> unapplied.addAll(d.decisions());
                case Handoff.SnapshotWanted wanted -> snapshot = wanted.need();
            }
        }
        backPressure.snapshotWaits(snapshot != null && !lastPublished); // Kafka did not answer the last time
        lastPublished = applyAll(unapplied);
        if (lastPublished && snapshot != null) {
            installSnapshot(snapshot);
            snapshot = null;
        }
        backPressure.snapshotWaits(snapshot != null);
        if (!lastPublished) {
            Thread.sleep(PUBLISH_RETRY.toMillis());
        }
    }

    /**
     * Applies the decisions, a piece of at most {@code max-apply} at a time, and removes those
     * applied. When Kafka does not take a piece's events, that piece and those after it stay, to
     * be applied again (with those decided meanwhile) after a pause.
     *
     * @return whether everything was applied and published
     */
    private boolean applyAll(List<Decision> decisions) throws SQLException {
        do { // once at least: an empty apply publishes what an installed snapshot left in the outbox
            if (!apply(decisions.subList(0, pieceEnd(decisions, maxApply)))) {
                return false;
            }
        } while (!decisions.isEmpty());
        return true;
    }

    /** How many leading decisions make a piece of at most {@code maxBytes} of values (one at least). */
    private static int pieceEnd(List<Decision> decisions, long maxBytes) {
        long bytes = 0;
        int end = 0;
        while (end < decisions.size()) {
            bytes += Value.sizeOf(decisions.get(end).value());
            if (end > 0 && bytes > maxBytes) {
                break;
            }
            end++;
        }
        return end;
    }

    /** An applied batch and when its publishing started and ended, for its trace. */
    private record Published(LogApplier.Batch batch, Instant publishing, Instant published) {
    }

    /**
     * Applies the decisions in one transaction that commits once their events are on the topic,
     * and clears them (from the list they are a view of). When Kafka does not take the events,
     * nothing is committed and the decisions stay.
     */
    private boolean apply(List<Decision> decisions) throws SQLException {
        try {
            if (decisions.isEmpty()) {
                publisher.publish(List.of()); // drains the outbox
                return true;
            }
            long started = System.nanoTime();
            Instant startedAt = Instant.now();
            Published done = Transactions.run(db, connection -> {
                // Not waiting for the disk here is safe: what is applied follows from decisions
                // that are durable at a quorum, and is applied again after a crash.
                try (var statement = connection.createStatement()) {
                    statement.execute("SET LOCAL synchronous_commit TO OFF");
                }
                JdbcPaxosStorage.saveDecided(connection, decisions);
                LogApplier.Batch batch = log.apply(connection, decisions);
                Instant publishing = Instant.now();
                publisher.publish(batch.events());
                return new Published(batch, publishing, Instant.now());
            });
            LogApplier.Batch batch = done.batch();
            log.continueAfter(batch.head());
            spans.applied(batch.traces(), startedAt, done.publishing(), done.published());
            backPressure.released(decisions);
            applyTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            decisions.forEach(d -> {
                if (d.value() instanceof Value.Batch proposals) {
                    batchSize.record(proposals.proposals().size());
                }
            });
            decisions.clear();
            batch.applied().forEach(submissions::complete);
            if (batch.applied().stream().anyMatch(Applier::changesRegistrars)) {
                registrarsChanged.reload();
            }
            compactWhenDue(log.head().slot());
            return true;
        } catch (ChangesPublisher.Unavailable e) {
            LOG.warnf("not applying slots after %d until Kafka takes their events: %s", log.head().slot(),
                    e.getMessage());
            return false;
        }
    }

    private void installSnapshot(Ready.SnapshotNeeded need) throws SQLException {
        try {
            LogHead before = log.head();
            if (before.slot() >= need.slot()) {
                return;
            }
            Optional<StateSnapshot.Installed> installed = snapshots.install(need, before);
            if (installed.isPresent()) {
                LogHead head = installed.get().head();
                log.continueAfter(head);
                registrarsChanged.reload();
                lastCompaction = head.slot();
                loop.snapshotInstalled(head.slot(), installed.get().membership(), need.peer());
                publisher.outboxWritten();
            }
        } finally {
            handoff.snapshotDone();
        }
    }

    /** Asks the loop to drop decided slots far behind the applied one, every {@code compact-every} slots. */
    private void compactWhenDue(long appliedSlot) {
        long through = appliedSlot - retainSlots;
        if (through > 0 && appliedSlot - lastCompaction >= compactEvery) {
            lastCompaction = appliedSlot;
            loop.compactThrough(through);
        }
    }

    private static boolean changesRegistrars(Applied applied) {
        return applied.outcome() instanceof Outcome.Accepted accepted && accepted.events().stream()
                .anyMatch(e -> e instanceof Event.RegistrarAdded || e instanceof Event.RegistrarRemoved);
    }
}
