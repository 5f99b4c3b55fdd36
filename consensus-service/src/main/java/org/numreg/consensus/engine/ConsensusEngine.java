package org.numreg.consensus.engine;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.numreg.consensus.config.ConsensusConfig;
import org.numreg.consensus.config.Peers;
import org.numreg.consensus.log.ApplySpans;
import org.numreg.consensus.log.JdbcPaxosStorage;
import org.numreg.consensus.log.LogApplier;
import org.numreg.consensus.log.LogHead;
import org.numreg.consensus.log.Submission;
import org.numreg.consensus.messaging.ChangesPublisher;
import org.numreg.consensus.transport.PeerInbox;
import org.numreg.consensus.transport.PeerNetwork;
import org.numreg.consensus.transport.PeerTls;
import org.numreg.paxos.Config;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Message;
import org.numreg.paxos.Node;
import org.numreg.paxos.Options;
import org.numreg.paxos.Ready;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.event.Applied;
import org.numreg.registry.state.JdbcRegistryStore;
import org.numreg.registry.state.RegistryRules;
import org.numreg.support.config.RegistrarConfig;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * This registrar's consensus: starts and stops the two threads that do the work and answers for
 * them. The {@link NodeLoop} thread owns the Paxos node (peer messages, submissions, ticks;
 * persist → send → advance); the {@link Applier} thread applies what was decided and publishes its
 * events ({@link Submissions} answer once applied; {@link SnapshotInstaller} catches up a
 * registrar whose missing slots are compacted everywhere).
 */
@ApplicationScoped
public class ConsensusEngine implements PeerInbox {

    private static final Logger LOG = Logger.getLogger(ConsensusEngine.class);

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

    private RegistrarPeers peers;
    private PeerNetwork network;
    private LogApplier log;
    private volatile NodeLoop loop;
    private Applier applier;

    ConsensusEngine(AgroalDataSource db, ConsensusConfig config, RegistrarConfig registrar, MeterRegistry metrics,
                    ChangesPublisher publisher, PeerTls tls, Vertx vertx, ApplySpans spans) {
        this.db = db;
        this.config = config;
        this.registrar = registrar;
        this.metrics = metrics;
        this.publisher = publisher;
        this.tls = tls;
        this.vertx = vertx;
        this.spans = spans;
    }

    void start(@Observes StartupEvent event) throws SQLException {
        Peers configured = Peers.parse(config.peers());
        int self = configured.nodeOf(registrar.id()).node();
        Config initial = configured.initialConfig(registrar.id(), config.joining());
        Node node;
        try (Connection connection = db.getConnection()) {
            LogHead head = LogHead.load(connection);
            if (head.position() == 0) {
                RegistrarPeers.recordFirst(connection, configured, initial);
            }
            peers = new RegistrarPeers(configured, connection);
            log = new LogApplier(new RegistryRules(new PinFailures.PinBackoff(config.maxPinFailures(),
                    config.pinLockout(), config.pinLockoutLongest())), head);
            node = Node.restart(options(config, self, new SecureRandom().nextLong()), JdbcPaxosStorage.load(connection, Membership.initial(initial)),
                    head.slot());
        }
        network = new PeerNetwork(self, peers.current(), tls.identity(), config.peerSourceAddress(), vertx, metrics);
        BackPressure backPressure = new BackPressure(config.maxUnapplied().asLongValue(), metrics);
        Handoff handoff = new Handoff(backPressure);
        Submissions submissions = new Submissions(config.maxPending(), this::appliedBefore, peers::changeOf, metrics);
        loop = new NodeLoop(node, new Disk(), network::send, submissions, handoff, backPressure, log::head,
                config.tick(), config.readerHold());
        applier = new Applier(db, log, publisher, spans, submissions, handoff, backPressure, loop,
                new SnapshotInstaller(db, network, self), this::followRegisteredPeers, config, metrics);
        registerMetrics();
        applier.start();
        loop.start();
        LOG.infof("registrar %s is node %d; the first configuration is %s%s; log applied through position %d",
                registrar.id(), self, initial, config.joining() ? " (this registrar joins once added)" : "",
                log.head().position());
    }

    /** The Paxos node's settings from this service's configuration. */
    static Options options(ConsensusConfig config, int self, long seed) {
        return Options.defaults(self, seed)
                .withTicks(config.heartbeatTicks(), config.windowTicks(), config.electionTicks())
                .withMaxInflight(config.maxInflight())
                .withMaxBatch(config.maxBatch())
                .withMaxValueBytes(config.maxValueBytes().asLongValue())
                .withMaxLearnBatch(config.maxLearnBatch())
                .withMaxPromiseLag(config.maxPromiseLag());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
        if (applier != null) {
            applier.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    /**
     * Submits a command; the future completes once it is applied here (with its first outcome
     * when the id was decided before). {@code traceparent}: the trace it goes into the log with
     * (null: none). Throws {@link Busy} when too many wait.
     */
    public CompletableFuture<Applied> submit(Command command, Principal principal, String traceparent) {
        return loop.submit(new Submission(registrar.id(), principal, command, traceparent));
    }

    /** What the loop last knew of the node, with the head as applied now (never behind an answer). */
    public Status status() {
        NodeLoop running = loop;
        return running == null ? Status.STARTING : running.status().withHead(log.head());
    }

    // ------------------------------------------------------------------ PeerInbox

    @Override
    public void deliver(List<Message> messages) {
        loop.deliver(messages);
    }

    @Override
    public Optional<Integer> memberNode(String registrarId) {
        Status now = loop.status();
        return peers.nodeOf(registrarId, now::isMember);
    }

    @Override
    public long appliedPosition() {
        return status().position();
    }

    @Override
    public void holdLog(int peer, long slot) {
        loop.holdLog(peer, slot);
    }

    @Override
    public Membership membershipAfter(long slot) {
        return loop.membershipAfter(slot);
    }

    // ------------------------------------------------------------------ the loop's and the applier's I/O

    /** The node's acceptor state in PostgreSQL (paxos_promise, paxos_accepted, the compaction). */
    private final class Disk implements NodeLoop.Disk {
        @Override
        public void persist(Ready ready) throws SQLException {
            Transactions.run(db, connection -> {
                JdbcPaxosStorage.saveAcceptor(connection, ready);
                return null;
            });
        }

        @Override
        public void compact(long slot, Membership membership) throws SQLException {
            Transactions.run(db, connection -> {
                JdbcPaxosStorage.compact(connection, slot, membership);
                return null;
            });
        }
    }

    private Map<String, Applied> appliedBefore(List<String> commandIds) throws SQLException {
        try (Connection connection = db.getConnection()) {
            JdbcRegistryStore store = new JdbcRegistryStore(connection);
            store.preloadApplied(commandIds);
            Map<String, Applied> applied = new HashMap<>();
            for (String id : commandIds) {
                store.applied(id).ifPresent(a -> applied.put(id, a));
            }
            return applied;
        }
    }

    /** After the registry's registrars changed: talk to those added. */
    private void followRegisteredPeers() throws SQLException {
        try (Connection connection = db.getConnection()) {
            peers.reload(connection);
        }
        network.follow(peers.current());
    }

    private void registerMetrics() {
        metrics.gauge("numreg.consensus.leader", this, e -> e.status().role() == Node.Role.LEADER ? 1 : 0);
        metrics.gauge("numreg.consensus.ballot.round", this, e -> e.status().ballotRound());
        metrics.gauge("numreg.consensus.decided.slot", this, e -> e.status().decidedThrough());
        metrics.gauge("numreg.consensus.position", this, e -> e.status().position());
    }
}
