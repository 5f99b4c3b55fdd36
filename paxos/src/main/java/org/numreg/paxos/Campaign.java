package org.numreg.paxos;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Becoming leader. First a trial — would a quorum promise this node's next ballot? (Raft's
 * pre-vote: a node that cannot win disturbs no one) — then phase 1 once for every slot from the
 * first undecided one on: PREPAREs to the voters of every configuration that may govern a slot
 * the campaign may re-propose, until their promises make a {@link Candidacy} complete.
 */
final class Campaign {

    private final Options options;
    private final DecidedLog log;
    private final Consumer<Message> send;
    private Trial trial;
    private Candidacy candidacy;

    Campaign(Options options, DecidedLog log, Consumer<Message> send) {
        this.options = options;
        this.log = log;
        this.send = send;
    }

    /** Asks the voters whether they would promise {@code ballot}. */
    void startTrial(Ballot ballot) {
        long fromSlot = log.decidedThrough() + 1;
        trial = new Trial(ballot, configs(fromSlot));
        for (int voter : trial.voters()) {
            send.accept(new Message.Probe(options.id(), voter, ballot, fromSlot));
        }
    }

    /** Records a yes; returns whether the trial has now succeeded, so that the campaign may start. */
    boolean tally(Message.WouldPromise m) {
        return trial != null && m.ballot().equals(trial.ballot) && trial.tally(m.from());
    }

    /** Phase 1 of {@code ballot}, sent at tick {@code now}. */
    void start(Ballot ballot, long now) {
        trial = null;
        candidacy = new Candidacy(ballot, log.decidedThrough() + 1, now);
        prepare(configs(candidacy.fromSlot));
    }

    /** Whether {@code ballot} is the one this node campaigns with. */
    boolean isFor(Ballot ballot) {
        return candidacy != null && ballot.equals(candidacy.ballot);
    }

    /** The ballot of the campaign under way, or null. */
    Ballot ballot() {
        return candidacy == null ? null : candidacy.ballot;
    }

    boolean running() {
        return trial != null || candidacy != null;
    }

    /**
     * Records a promise of this campaign's ballot; returns the campaign won, once the promises
     * satisfy every configuration they imply (a reconfiguration they report may ask more voters).
     */
    Optional<Candidacy> promised(Message.Promise m) {
        candidacy.add(m);
        prepare(candidacy.configsToSatisfy(log, options.maxInflight()).values());
        if (!candidacy.complete(log, options.maxInflight())) {
            return Optional.empty();
        }
        Candidacy won = candidacy;
        candidacy = null;
        return Optional.of(won);
    }

    void end() {
        trial = null;
        candidacy = null;
    }

    /** The configurations a campaign from {@code fromSlot} asks first: the one governing it, and the latest. */
    private Set<Config> configs(long fromSlot) {
        return new HashSet<>(List.of(log.configAt(fromSlot), log.membership().latest()));
    }

    private void prepare(Collection<Config> configs) {
        for (Config config : configs) {
            for (int voter : config.voters()) {
                if (candidacy.prepared.add(voter)) {
                    send.accept(new Message.Prepare(options.id(), voter, candidacy.ballot, candidacy.fromSlot,
                            candidacy.sentAt));
                }
            }
        }
    }
}
