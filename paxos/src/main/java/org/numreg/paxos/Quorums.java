package org.numreg.paxos;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whose votes decide a slot. The configurations that may govern it are the one the decided log
 * implies and the latest known: at most one change is pending at a time, so both are adjacent,
 * and requiring a quorum of each is always safe (etcd keeps the same concern in quorum/).
 */
final class Quorums {

    private final DecidedLog log;

    Quorums(DecidedLog log) {
        this.log = log;
    }

    List<Config> governing(long slot) {
        Config governing = log.configAt(slot);
        Config latest = log.membership().latest();
        return governing.equals(latest) ? List.of(governing) : List.of(governing, latest);
    }

    /** Whether {@code nodes} hold a quorum of every configuration that may govern {@code slot}. */
    boolean isQuorum(long slot, Set<Integer> nodes) {
        return governing(slot).stream().allMatch(c -> c.isQuorum(nodes));
    }

    /** The voters of every configuration that may govern {@code slot}. */
    Set<Integer> voters(long slot) {
        Set<Integer> voters = new TreeSet<>();
        governing(slot).forEach(c -> voters.addAll(c.voters()));
        return voters;
    }

    /** Voters and learners of the next undecided slot's configuration and of the latest. */
    Set<Integer> members() {
        Set<Integer> members = new TreeSet<>(log.configAt(log.decidedThrough() + 1).members());
        members.addAll(log.membership().latest().members());
        return members;
    }
}
