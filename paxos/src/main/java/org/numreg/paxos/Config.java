package org.numreg.paxos;

import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who takes part in the log from some slot on: voters (acceptors counted in quorums) and
 * learners (told what is decided, not counted). A voter set only ever changes by one node at a
 * time, so that any majority of the old set and any majority of the new one intersect.
 */
public record Config(SortedSet<Integer> voters, SortedSet<Integer> learners) {

    public Config {
        voters = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        learners = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(learners));
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a configuration needs a voter");
        }
        for (Integer learner : learners) {
            if (voters.contains(learner)) {
                throw new IllegalArgumentException("node " + learner + " is both voter and learner");
            }
        }
    }

    public static Config of(Integer... voters) {
        return new Config(new TreeSet<>(Set.of(voters)), new TreeSet<>());
    }

    /** ⌊n/2⌋ + 1 of the voters. */
    public int quorum() {
        return voters.size() / 2 + 1;
    }

    /** Whether {@code nodes} include a quorum of the voters (a loop: the leader asks this for every ACCEPTED). */
    public boolean isQuorum(Collection<Integer> nodes) {
        int votes = 0;
        for (int voter : voters) {
            if (nodes.contains(voter)) {
                votes++;
            }
        }
        return votes >= quorum();
    }

    public boolean isVoter(int node) {
        return voters.contains(node);
    }

    public boolean isMember(int node) {
        return voters.contains(node) || learners.contains(node);
    }

    public SortedSet<Integer> members() {
        TreeSet<Integer> all = new TreeSet<>(voters);
        all.addAll(learners);
        return all;
    }

    public Config withLearner(int node) {
        if (isMember(node)) {
            throw new IllegalArgumentException("node " + node + " is already a member");
        }
        TreeSet<Integer> nextLearners = new TreeSet<>(learners);
        nextLearners.add(node);
        return new Config(voters, nextLearners);
    }

    public Config promoting(int learner) {
        if (!learners.contains(learner)) {
            throw new IllegalArgumentException("node " + learner + " is not a learner");
        }
        TreeSet<Integer> nextVoters = new TreeSet<>(voters);
        nextVoters.add(learner);
        TreeSet<Integer> nextLearners = new TreeSet<>(learners);
        nextLearners.remove(learner);
        return new Config(nextVoters, nextLearners);
    }

    public Config without(int node) {
        if (!isMember(node)) {
            throw new IllegalArgumentException("node " + node + " is not a member");
        }
        TreeSet<Integer> nextVoters = new TreeSet<>(voters);
        nextVoters.remove(node);
        TreeSet<Integer> nextLearners = new TreeSet<>(learners);
        nextLearners.remove(node);
        return new Config(nextVoters, nextLearners);
    }

    @Override
    public String toString() {
        return "voters " + voters + (learners.isEmpty() ? "" : " learners " + learners);
    }
}
