package org.numreg.paxos;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** A campaign's trial (see {@code Node#startTrial}): the ballot it would run and who said they would promise it. */
final class Trial {

    final Ballot ballot;
    private final Set<Config> configs;
    private final Set<Integer> yes = new HashSet<>();

    Trial(Ballot ballot, Set<Config> configs) {
        this.ballot = ballot;
        this.configs = Set.copyOf(configs);
    }

    Set<Integer> voters() {
        Set<Integer> voters = new TreeSet<>();
        configs.forEach(c -> voters.addAll(c.voters()));
        return voters;
    }

    /** Records a yes; returns whether a quorum of every configuration has now said yes. */
    boolean tally(int node) {
        yes.add(node);
        return configs.stream().allMatch(c -> c.isQuorum(yes));
    }
}
