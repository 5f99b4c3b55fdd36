package org.numreg.consensus.engine;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.numreg.consensus.config.ConsensusConfig;
import org.numreg.consensus.config.Peers;
import org.numreg.consensus.log.JdbcPaxosStorage;
import org.numreg.consensus.log.LogApplier;
import org.numreg.consensus.log.LogHead;
import org.numreg.consensus.log.StateSnapshot;
import org.numreg.consensus.log.ApplySpans;
import org.numreg.consensus.log.Submission;
import org.numreg.consensus.messaging.ChangesPublisher;
import org.numreg.consensus.transport.PeerNetwork;
import org.numreg.consensus.transport.PeerTls;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Message;
import org.numreg.paxos.Node;
import org.numreg.paxos.Config;
import org.numreg.paxos.Options;
import org.numreg.paxos.Proposal;
import org.numreg.paxos.Reconfiguration;
import org.numreg.paxos.Ready;
import org.numreg.paxos.Value;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Registrar;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.event.Event;
import org.numreg.registry.state.Applied;
import org.numreg.registry.state.Outcome;
import org.numreg.registry.state.JdbcRegistryStore;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.state.RegistryRules;
import org.numreg.support.config.RegistrarConfig;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives this registrar's Paxos node with one event-loop thread: everything that changes the
 * node — peer messages, local submissions, ticks — goes through the loop's inbox. For each
 * Ready the loop persists (one PostgreSQL transaction), sends and advances; nothing leaves the
 * process before it is durable. Decided slots go to the applier thread, which applies whatever
 * has been decided meanwhile in one transaction (state machine, hash chain; a backlog in pieces
 * of bounded size), committed once the changes topic holds its events — so a long apply, or a
 * Kafka outage, never holds up promises and acceptances.
 */
@ApplicationScoped
public class ConsensusEngine {

    private static final Logger LOG = Logger.getLogger(ConsensusEngine.class);
    private static final Duration PUBLISH_RETRY = Duration.ofSeconds(1);

    /** Too many submissions waiting: answer 503 and let the caller retry (same command id). */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("too many commands waiting to be committed", null, false, false);
        }
    }

    private final AgroalDataSource db;
    private final ConsensusConfig config;
    private final RegistrarConfig registrar;
    private final MeterRegistry metrics;
    private final ChangesPublisher publisher;
    private final PeerTls tls;
    private final Vertx vertx;
    private final ApplySpans spans;

    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    /** A submission waiting for its command to be applied. */
    private record Waiter(CompletableFuture<Applied> future, long submittedNanos) {
    }

    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();
    /** Submissions admitted by the loop and not yet proposed. */
    private final List<Submission> admitted = new ArrayList<>();
    /** The applier thread's work, in order: decided slots, or a snapshot to fetch and install. */
    private sealed interface ApplierWork {
    }

    private record Decided(List<Decision> decisions) implements ApplierWork {
    }

    private record SnapshotWanted(Ready.SnapshotNeeded need) implements ApplierWork {
    }

    private final LinkedBlockingQueue<ApplierWork> applierWork = new LinkedBlockingQueue<>();
    private final AtomicBoolean snapshotWanted = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    /** The bytes of decided commands handed to the applier and not yet applied. */
    private final AtomicLong unapplied = new AtomicLong();
    private final long maxUnapplied;
    private final long maxApply;
    /** A snapshot to install before the log can go on, waiting for Kafka to take what precedes it. */
    private volatile boolean snapshotWaits;
    private volatile boolean talking = true;
    private Peers configuredPeers;
    private volatile Peers peers;
    private PeerNetwork network;
    private Node node;
    private volatile LogApplier applier;
    private Thread loop;
    private Thread applierThread;
    private volatile boolean running;
    private volatile Status status = Status.STARTING;
    private Timer applyTimer;
    private Timer commitTimer;
    private DistributionSummary batchSize;

    ConsensusEngine(AgroalDataSource db, ConsensusConfig config, RegistrarConfig registrar, MeterRegistry metrics,
                    ChangesPublisher publisher, PeerTls tls, Vertx vertx, ApplySpans spans) {
        this.db = db;
        this.spans = spans;
        this.config = config;
        this.registrar = registrar;
        this.metrics = metrics;
        this.publisher = publisher;
        this.tls = tls;
        this.vertx = vertx;
        this.maxUnapplied = config.maxUnapplied().asLongValue();
        this.maxApply = config.maxApply().asLongValue();
    }

    void start(@Observes StartupEvent event) throws SQLException {
        configuredPeers = Peers.parse(config.peers());
        int self = configuredPeers.nodeOf(registrar.id()).node();
        Config initial = configuredPeers.initialConfig(registrar.id(), config.joining());
        Options options = new Options(self, config.heartbeatTicks(), config.windowTicks(), config.electionTicks(),
                config.maxInflight(), config.maxBatch(), Options.DEFAULT_VALUE_BYTES, 64, 512,
                new SecureRandom().nextLong());
        try (Connection connection = db.getConnection()) {
            LogHead head = LogHead.load(connection);
            if (head.position() == 0) {
                recordFirstRegistrars(connection, initial);
            }
            peers = configuredPeers.with(registeredPeers(connection));
            applier = new LogApplier(new RegistryRules(new PinFailures.PinBackoff(config.maxPinFailures(),
                    config.pinLockout(), config.pinLockoutLongest())), head);
            node = Node.restart(options, JdbcPaxosStorage.load(connection, Membership.initial(initial)), head.slot());
        }
        network = new PeerNetwork(self, peers, tls.identity(), config.peerSourceAddress(), vertx, metrics);
        registerMetrics();
        running = true;
        applierThread = Thread.ofPlatform().name("consensus-applier").start(this::applyLoop);
        loop = Thread.ofPlatform().name("consensus-loop").start(this::run);
        LOG.infof("registrar %s is node %d; the first configuration is %s%s; log applied through position %d",
                registrar.id(), self, initial, config.joining() ? " (this registrar joins once added)" : "",
                applier.head().position());
    }

    /**
     * The registrars of the first configuration are the registry's first registrars: every
     * registrar records the same ones (they list the same peers), so that AddRegistrar and
     * RemoveRegistrar meet the same registry state as the Paxos membership they change.
     */
    private void recordFirstRegistrars(Connection connection, Config initial) {
        JdbcRegistryStore store = new JdbcRegistryStore(connection);
        if (store.registrars().isEmpty()) {
            initial.voters().forEach(voter -> {
                Peers.Peer peer = configuredPeers.byNode().get(voter);
                store.saveRegistrar(new Registrar(peer.registrar(), peer.node(), peer.url().toString()));
            });
        }
    }

    /** Registrars added through the log, with the peer URL their AddRegistrar named. */
    private static List<Peers.Peer> registeredPeers(Connection connection) {
        List<Peers.Peer> registered = new ArrayList<>();
        for (Registrar r : new JdbcRegistryStore(connection).registrars()) {
            try {
                registered.add(new Peers.Peer(r.id(), r.node(), URI.create(r.endpoint())));
            } catch (IllegalArgumentException e) {
                LOG.warnf("registrar %s's endpoint %s is no URL: no peer link to it", r.id(), r.endpoint());
            }
        }
        return registered;
    }

    /** After the registry's registrars changed: talk to those added. */
    private void followRegisteredPeers() throws SQLException {
        try (Connection connection = db.getConnection()) {
            peers = configuredPeers.with(registeredPeers(connection));
        }
        network.follow(peers);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        for (Thread thread : new Thread[] {loop, applierThread}) {
            if (thread != null) {
                thread.interrupt();
                thread.join(5000);
            }
        }
        if (network != null) {
            network.close();
        }
    }

    // ------------------------------------------------------------------ inputs (any thread)

    /** Messages from a peer. */
    public void deliver(List<Message> messages) {
        inbox.add(() -> {
            if (talksToPeers()) {
                messages.forEach(node::step);
            }
        });
    }

    /**
     * Whether this registrar talks to its peers: not while it holds more decided commands than
     * it may before applying them (again once it has applied half of them), nor while a snapshot
     * it needs waits for Kafka — its log could then only fill with slots decided out of order (loop).
     */
    private boolean talksToPeers() {
        long held = unapplied.get();
        boolean waits = snapshotWaits;
        if (talking && (held > maxUnapplied || waits)) {
            talking = false;
            String until = waits ? "Kafka is back and a snapshot installed" : "half of them are applied";
            LOG.warnf("not talking to the peers until %s: %d bytes of decided commands not yet applied"
                    + " (max-unapplied %d)", until, held, maxUnapplied);
        } else if (!talking && !waits && held <= maxUnapplied / 2) {
            talking = true;
            LOG.infof("talking to the peers again: %d bytes of decided commands not yet applied", held);
        }
        return talking;
    }

    /**
     * Submits a command; the future completes once it is applied here (with its first outcome
     * when the id was decided before). A command id applied before answers without a new position.
     * {@code traceparent}: the trace it goes into the log with (null: none).
     */
    public CompletableFuture<Applied> submit(Command command, Principal principal, String traceparent) {
        if (pending.incrementAndGet() > config.maxPending()) {
            pending.decrementAndGet();
            throw new Busy();
        }
        CompletableFuture<Applied> applied = new CompletableFuture<>();
        applied.whenComplete((outcome, failure) -> {
            pending.decrementAndGet();
            if (failure != null) {
                inbox.add(() -> forget(command.id(), applied));
            }
        });
        Waiter waiter = new Waiter(applied, System.nanoTime());
        inbox.add(() -> admit(new Submission(registrar.id(), principal, command, traceparent), waiter));
        return applied;
    }

    /** A command id already on its way is not proposed again: its waiters share the outcome (loop). */
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

    /**
     * Proposes the commands admitted since the last time, except those applied before, which
     * answer at once: one query for all of them, not one per request (loop).
     */
    private void proposeAdmitted() throws SQLException {
        if (admitted.isEmpty()) {
            return;
        }
        try (Connection connection = db.getConnection()) {
            JdbcRegistryStore store = new JdbcRegistryStore(connection);
            store.preloadApplied(admitted.stream().map(s -> s.command().id()).toList());
            for (Submission submission : admitted) {
                Optional<Applied> before = store.applied(submission.command().id());
                if (before.isPresent()) {
                    complete(before.get());
                } else {
                    propose(submission.toProposal(), submission.command());
                }
            }
        } finally {
            admitted.clear();
        }
    }

    /**
     * Adding or removing a registrar changes the Paxos membership in the same slot as the
     * registry state: the new registrar starts as a learner, and the leader promotes it once it
     * has caught up (docs/consensus.md).
     */
    private void propose(Proposal proposal, Command command) {
        Optional<Reconfiguration.Change> change = switch (command) {
            case Command.AddRegistrar add -> Optional.of(new Reconfiguration.Change.AddLearner(add.node()));
            case Command.RemoveRegistrar remove -> peers.byNode().values().stream()
                    .filter(p -> p.registrar().equals(remove.registrar()))
                    .map(p -> (Reconfiguration.Change) new Reconfiguration.Change.Remove(p.node())).findFirst();
            default -> Optional.empty();
        };
        if (change.isPresent()) {
            node.proposeReconfiguration(new Reconfiguration(proposal, change.get()));
        } else {
            node.propose(proposal);
        }
    }

    /** What the loop last knew of the node, with the head as applied now (never behind an answer). */
    public Status status() {
        LogApplier applied = applier;
        return applied == null ? status : status.withHead(applied.head());
    }

    /** The node of a registrar that is a member (voter or learner) of the current configuration. */
    public Optional<Integer> memberNode(String registrarId) {
        Status now = status;
        return peers.byNode().values().stream().filter(p -> p.registrar().equals(registrarId))
                .map(Peers.Peer::node).filter(now::isMember)
                .findFirst();
    }

    // ------------------------------------------------------------------ the loop

    private void run() {
        long tickNanos = config.tick().toNanos();
        long nextTick = System.nanoTime() + tickNanos;
        List<Runnable> work = new ArrayList<>();
        while (running) {
            try {
                long wait = nextTick - System.nanoTime();
                Runnable first = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
                if (first != null) {
                    work.add(first);
                    inbox.drainTo(work, 10_000);
                    for (Runnable task : work) {
                        task.run();
                    }
                    work.clear();
                }
                proposeAdmitted();
                boolean talks = talksToPeers();
                for (long now = System.nanoTime(); now - nextTick >= 0; nextTick += tickNanos) {
                    // A registrar cut off by its own choice holds still: no campaign of its own
                    // to unseat the leader when it talks again.
                    if (talks) {
                        node.tick(System.currentTimeMillis());
                    }
                }
                processReady();
                status = Status.of(node, applier.head());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException | Error e) {
                // The node's memory may be ahead of its disk now: only a restart from disk is safe.
                halt(e, "consensus loop failed");
            }
        }
    }

    private void processReady() throws SQLException {
        while (node.hasReady()) {
            Ready ready = node.ready();
            if (ready.promised() != null || !ready.accepted().isEmpty()) {
                inTransaction(connection -> {
                    JdbcPaxosStorage.saveAcceptor(connection, ready);
                    return null;
                });
            }
            if (talksToPeers()) {
                network.send(ready.messages());
            }
            if (!ready.decided().isEmpty()) {
                unapplied.addAndGet(weightOf(ready.decided()));
                applierWork.add(new Decided(ready.decided()));
            }
            if (!ready.snapshotsNeeded().isEmpty() && snapshotWanted.compareAndSet(false, true)) {
                applierWork.add(new SnapshotWanted(ready.snapshotsNeeded().getFirst()));
            }
            node.advance(ready);
        }
    }

    /**
     * Applies, in order and one transaction at a time, everything decided since the last apply
     * (a backlog in pieces); installs a peer's snapshot when the slots this registrar lacks are
     * compacted everywhere.
     */
    private void applyLoop() {
        List<ApplierWork> work = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        Ready.SnapshotNeeded snapshot = null; // to install once everything before it is applied
        boolean applied = true;
        while (running) {
            try {
                ApplierWork first = applierWork.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    work.add(first);
                    applierWork.drainTo(work);
                }
                for (ApplierWork item : work) {
                    switch (item) {
                        case Decided d -> decisions.addAll(d.decisions());
                        case SnapshotWanted wanted -> snapshot = wanted.need();
                    }
                }
                work.clear();
                snapshotWaits = snapshot != null && !applied; // Kafka did not answer the last time
                applied = applyAll(decisions);
                if (applied && snapshot != null) {
                    installSnapshot(snapshot);
                    snapshot = null;
                }
                snapshotWaits = snapshot != null;
                if (!applied) {
                    Thread.sleep(PUBLISH_RETRY.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException | Error e) {
                halt(e, "applying the log failed");
            }
        }
    }

    /** Stops the process at once (even out of memory): it restarts from what is durable. */
    private static void halt(Throwable cause, String what) {
        try {
            LOG.fatalf(cause, "%s; stopping the process to restart from what is durable", what);
        } finally {
            Runtime.getRuntime().halt(70);
        }
    }

    /**
     * Applies the decisions, a piece of at most {@code max-apply} at a time, and removes those
     * applied. When Kafka does not take a piece's events, that piece and those after it stay, to
     * be applied again (with those decided meanwhile) after a pause; the node goes on promising
     * and accepting meanwhile, until it holds too much ({@link #talksToPeers}).
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

    private static long weightOf(List<Decision> decisions) {
        return decisions.stream().mapToLong(d -> Value.sizeOf(d.value())).sum();
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
            Instant[] published = new Instant[2];
            LogApplier.Batch batch = inTransaction(connection -> {
                // Not waiting for the disk here is safe: what is applied follows from decisions
                // that are durable at a quorum, and is applied again after a crash.
                try (var statement = connection.createStatement()) {
                    statement.execute("SET LOCAL synchronous_commit TO OFF");
                }
                JdbcPaxosStorage.saveDecided(connection, decisions);
                LogApplier.Batch applied = applier.apply(connection, decisions);
                published[0] = Instant.now();
                publisher.publish(applied.events());
                published[1] = Instant.now();
                return applied;
            });
            applier.continueAfter(batch.head());
            spans.applied(batch.traces(), startedAt, published[0], published[1]);
            unapplied.addAndGet(-weightOf(decisions));
            applyTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            decisions.forEach(d -> {
                if (d.value() instanceof Value.Batch proposals) {
                    batchSize.record(proposals.proposals().size());
                }
            });
            decisions.clear();
            batch.applied().forEach(this::complete);
            if (batch.applied().stream().anyMatch(ConsensusEngine::changesRegistrars)) {
                followRegisteredPeers();
            }
            compactWhenDue(applier.head().slot());
            return true;
        } catch (ChangesPublisher.Unavailable e) {
            LOG.warnf("not applying slots after %d until Kafka takes their events: %s", applier.head().slot(),
                    e.getMessage());
            return false;
        }
    }

    /**
     * Replaces this registrar's state with a peer's (applier thread): the slots it lacks are gone
     * from every log it asked. A failure changes nothing; the node asks again when told again.
     */
    private void installSnapshot(Ready.SnapshotNeeded need) throws InterruptedException {
        try {
            LogHead before = applier.head();
            if (before.slot() >= need.slot()) {
                return;
            }
            long started = System.nanoTime();
            LOG.infof("fetching a snapshot from node %d: this registrar has applied slot %d, position %d; the peer's"
                    + " log starts after slot %d", need.peer(), before.slot(), before.position(), need.slot());
            StateSnapshot.Installed installed;
            try (InputStream in = new BufferedInputStream(network.open(need.peer(),
                    PeerNetwork.SNAPSHOT_PATH + "?after=" + before.position()), 64 * 1024)) {
                installed = inTransaction(connection -> {
                    try {
                        return StateSnapshot.install(connection, before, in,
                                (head, membership) -> confirmByQuorum(need.peer(), head, membership));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            LogHead head = installed.head();
            applier.continueAfter(head);
            followRegisteredPeers();
            lastCompaction = head.slot();
            inbox.add(() -> node.installSnapshot(head.slot(), installed.membership(), need.peer()));
            publisher.outboxWritten();
            LOG.infof("installed node %d's snapshot at slot %d, position %d (%d positions after ours) in %d ms",
                    need.peer(), head.slot(), head.position(), head.position() - before.position(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warnf("could not install node %d's snapshot (nothing changed; will ask again): %s", need.peer(),
                    e.toString());
        } finally {
            snapshotWanted.set(false);
        }
    }

    /**
     * One peer's word is not enough for a registry's whole state: a quorum of the snapshot's
     * voters (its source among them) must show the same hash chain at its position.
     */
    private void confirmByQuorum(int source, LogHead head, Membership membership) throws IOException {
        Config voters = membership.latest();
        Set<Integer> agree = new TreeSet<>();
        if (voters.isVoter(source)) {
            agree.add(source);
        }
        List<String> disagree = new ArrayList<>();
        for (int voter : voters.voters()) {
            if (agree.size() >= voters.quorum()) {
                break;
            }
            if (voter == source || voter == node.id()) {
                continue;
            }
            try (InputStream answer = network.open(voter, PeerNetwork.HASH_PATH + "?position=" + head.position())) {
                String hash = new String(answer.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
                if (hash.equals(head.hashHex())) {
                    agree.add(voter);
                } else {
                    disagree.add("node " + voter + " has " + hash);
                }
            } catch (IOException e) {
                disagree.add("node " + voter + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (agree.size() < voters.quorum()) {
            throw new IOException("only nodes " + agree + " confirm the snapshot's hash at position " + head.position()
                    + ", " + voters.quorum() + " needed; " + disagree);
        }
        LOG.infof("nodes %s confirm the snapshot's hash at position %d", agree, head.position());
    }

    /** Keeps the slots after {@code slot} for {@code peer}, which is receiving a snapshot at that slot. */
    public void holdLog(int peer, long slot) {
        inbox.add(() -> node.holdLog(peer, slot));
    }

    /** The Paxos membership governing the slots after {@code slot} (for a snapshot at that slot). */
    public Membership membershipAfter(long slot) {
        CompletableFuture<Membership> membership = new CompletableFuture<>();
        inbox.add(() -> membership.complete(node.membership().from(slot)));
        try {
            return membership.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the consensus loop did not answer", e);
        }
    }

    private volatile long lastCompaction;

    /** Asks the loop to drop decided slots far behind the applied one (applier thread). */
    private void compactWhenDue(long appliedSlot) {
        long through = appliedSlot - config.retainSlots();
        if (through > 0 && appliedSlot - lastCompaction >= config.compactEvery()) {
            lastCompaction = appliedSlot;
            inbox.add(() -> compact(through));
        }
    }

    /** Compacts the node's log and its disk copy through {@code wanted}, sparing what peers read (consensus loop). */
    private void compact(long wanted) {
        long holdTicks = config.readerHold().toNanos() / config.tick().toNanos();
        long slot = Math.min(wanted, node.lowestSlotReadSince(node.now() - holdTicks) - 1);
        if (slot <= node.snapshotSlot()) {
            return;
        }
        Membership membership = node.compact(slot);
        try {
            inTransaction(connection -> {
                JdbcPaxosStorage.compact(connection, slot, membership);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compact the log through slot " + slot, e);
        }
    }

    private static boolean changesRegistrars(Applied applied) {
        return applied.outcome() instanceof Outcome.Accepted accepted && accepted.events().stream()
                .anyMatch(e -> e instanceof Event.RegistrarAdded || e instanceof Event.RegistrarRemoved);
    }

    private void complete(Applied applied) {
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

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void registerMetrics() {
        applyTimer = Timer.builder("numreg.consensus.apply").description("applying a Ready's decisions")
                .publishPercentileHistogram().register(metrics);
        commitTimer = Timer.builder("numreg.consensus.commit").description("from submission to applied here")
                .publishPercentileHistogram().register(metrics);
        batchSize = DistributionSummary.builder("numreg.consensus.batch.size").description("commands per decided slot")
                .register(metrics);
        metrics.gauge("numreg.consensus.leader", this, e -> e.status.role() == Node.Role.LEADER ? 1 : 0);
        metrics.gauge("numreg.consensus.ballot.round", this, e -> e.status.ballotRound());
        metrics.gauge("numreg.consensus.decided.slot", this, e -> e.status.decidedThrough());
        metrics.gauge("numreg.consensus.position", this, e -> e.status().position());
        metrics.gauge("numreg.consensus.pending", pending);
        metrics.gauge("numreg.consensus.unapplied.bytes", unapplied);
        metrics.gauge("numreg.consensus.cut.off", this, e -> e.talking ? 0 : 1);
    }
}
