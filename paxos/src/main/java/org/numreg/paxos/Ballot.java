package org.numreg.paxos;

/**
 * A proposal number: (round, node). Ordered by round, then node, so two nodes never share one.
 * A node never reuses a ballot across restarts: it campaigns above the highest ballot it has
 * promised, and its own campaign ballot is promised (persisted) before its PREPARE leaves.
 */
public record Ballot(long round, int node) implements Comparable<Ballot> {

    /** Below every real ballot: what an acceptor has promised before any PREPARE. */
    public static final Ballot ZERO = new Ballot(0, 0);

    public Ballot {
        if (round < 0 || node < 0) {
            throw new IllegalArgumentException("ballot (" + round + ", " + node + ")");
        }
    }

    @Override
    public int compareTo(Ballot other) {
        int byRound = Long.compare(round, other.round);
        return byRound != 0 ? byRound : Integer.compare(node, other.node);
    }

    public boolean isAbove(Ballot other) {
        return compareTo(other) > 0;
    }

    public boolean isBelow(Ballot other) {
        return compareTo(other) < 0;
    }

    public static Ballot max(Ballot a, Ballot b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return round + "." + node;
    }
}
