package org.numreg.consensus.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The consensus-service's own settings: who its peers are, and the Paxos timing. */
@ConfigMapping(prefix = "numreg.consensus")
public interface ConsensusConfig {

    /**
     * The registrars of the first configuration, this one included, as
     * {@code id=node@url} (e.g. {@code r1=1@https://r1.example:8443}). Every registrar must list
     * the same ids and nodes. The url is where the peer's consensus-service takes peer messages.
     */
    List<String> peers();

    /**
     * The local address this registrar's peer links connect from, on a host with several (by
     * default the system picks one). The fault tests give each registrar a loopback address of its
     * own, so that a link between two registrars can be cut by where it comes from.
     */
    Optional<String> peerSourceAddress();

    /**
     * This registrar joins a running registry: the other registrars in {@code peers} are the
     * registry's first configuration, and this one waits until a system admin adds it
     * (AddRegistrar), then catches up as a learner and becomes a voter (docs/operations.md).
     */
    @WithDefault("false")
    boolean joining();

    /** How long a Paxos tick is. Every registrar should use the same. */
    @WithDefault("50ms")
    Duration tick();

    /**
     * Heartbeat interval, leadership window and election timeout, in ticks (see docs/consensus.md).
     * Decisions are announced at once, not at the next heartbeat: the heartbeat keeps an idle
     * leader's window (four of them a window) and resends lost ACCEPTs. Every 2 ticks it cost an
     * idle registry's consensus-services 146 ms of CPU a second, every 5 ticks 90 ms.
     */
    @WithDefault("5")
    int heartbeatTicks();

    @WithDefault("20")
    int windowTicks();

    @WithDefault("30")
    int electionTicks();

    /**
     * Slots in flight (pipelining) and the delay before a reconfiguration governs: the same on
     * every registrar. Few slots in flight make each carry more commands under load, and most
     * of a slot's cost (acceptor rows, messages, a decided row) is per slot, not per command
     * (docs/development.md, commit-load: 4 against 16). At 50 ms between registrars, 4 slots
     * of up to 512 commands still carry 40,000 commands a second.
     */
    @WithDefault("4")
    int maxInflight();

    /** Commands per slot. */
    @WithDefault("512")
    int maxBatch();

    /**
     * A slot's batch, and a LEARN's decided slots, stop growing once their commands weigh this
     * much: it bounds what one peer message carries (the peer port takes bodies of 1 MiB).
     */
    @WithDefault("256K")
    MemorySize maxValueBytes();

    /** Decided slots one LEARN message carries to a registrar catching up. */
    @WithDefault("64")
    int maxLearnBatch();

    /**
     * A campaign by a registrar this many decided slots behind is refused (BEHIND): it learns
     * first, instead of receiving the slots in promises.
     */
    @WithDefault("512")
    int maxPromiseLag();

    /**
     * Decided slots kept (in memory and in paxos_decided) behind the applied one, for peers that
     * lag; older ones are compacted away (the registry state holds their effect). A peer further
     * behind needs a snapshot.
     */
    @WithDefault("5000")
    int retainSlots();

    /**
     * How long a peer reading this registrar's log — catching up, or about to after receiving a
     * snapshot from here — keeps the slots it reads from being compacted, while it advances: so a
     * registrar that joins under load is not outrun by the compaction of the log it needs.
     */
    @WithDefault("2m")
    Duration readerHold();

    /**
     * The decided values one apply takes at most (one transaction, one batch to Kafka): a backlog —
     * the slots decided while this registrar's Kafka was down — is applied in pieces of this size,
     * not in one transaction whose events would all be in memory at once.
     */
    @WithDefault("1M")
    MemorySize maxApply();

    /**
     * The decided commands (their bytes) this registrar may hold before it has applied them. While
     * its Kafka is down it applies nothing; past this it stops talking to its peers, as if cut off
     * from them, until it has applied half of what it holds — then it catches up like a registrar
     * that was down. So a long outage costs bounded memory (about two bytes of heap a byte held).
     */
    @WithDefault("16M")
    MemorySize maxUnapplied();

    /** How many applied slots between compactions. */
    @WithDefault("500")
    int compactEvery();

    /** Commands accepted for submission and not yet applied; more get 503. */
    @WithDefault("20000")
    int maxPending();

    /** How long a submission waits for its command to be applied before it answers 503 (retry with the same id). */
    @WithDefault("10s")
    Duration submitTimeout();

    /**
     * The OIDC clients (the token's {@code azp}) whose tokens may submit commands here: this
     * registrar's own services. A token of another registrar's services gets 403, even with the
     * role registrar, so that no registrar submits (and is logged) in another's name.
     */
    @WithDefault("numreg-${numreg.registrar.id}")
    List<String> submitters();

    /**
     * Registry rules for wrong PINs, the same on every registrar (else their states diverge):
     * every {@code max-pin-failures}-th wrong PIN through one channel (ports, or lookups) closes
     * that channel of the number for {@code pin-lockout}, each next time twice as long, at most
     * {@code pin-lockout-longest} (docs/architecture.md, "PINs").
     */
    @WithDefault("5")
    int maxPinFailures();

    @WithDefault("15m")
    Duration pinLockout();

    @WithDefault("24h")
    Duration pinLockoutLongest();
}
