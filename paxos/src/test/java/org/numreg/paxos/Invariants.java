package org.numreg.paxos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safety properties checked after every simulated step. A violation throws
 * {@link Violation}, which the simulator reports with the seed that replays it.
 */
final class Invariants {

    static final class Violation extends RuntimeException {
        Violation(String message) {
            super(message);
        }
    }

    /** Every value decided by any node, by slot: one per slot, ever. */
    final TreeMap<Long, Value> chosen = new TreeMap<>();
    private final Map<String, Proposal> proposals = new HashMap<>();
    private final Map<Integer, Ballot> lastPersistedPromise = new HashMap<>();
    long decisionsApplied;

    void proposed(Proposal proposal) {
        proposals.put(proposal.id(), proposal);
    }

    boolean wasProposed(String id) {
        return proposals.containsKey(id);
    }

    /** Promises never go backwards, not even across crashes. */
    void persisting(Cluster.Member member, Ready ready) {
        if (ready.promised() == null) {
            return;
        }
        Ballot before = lastPersistedPromise.getOrDefault(member.id, Ballot.ZERO);
        if (ready.promised().isBelow(before)) {
            fail("node " + member.id + " persisted promise " + ready.promised() + " after " + before);
        }
        lastPersistedPromise.put(member.id, ready.promised());
    }

    /**
     * Agreement (one value per slot across all nodes), prefix order (each node applies slots
     * contiguously) and validity (only proposed values, no-ops and reconfigurations).
     */
    void applying(Cluster.Member member, Decision decision) {
        if (decision.slot() != member.app.appliedThrough + 1) {
            fail("node " + member.id + " applied slot " + decision.slot() + " after " + member.app.appliedThrough);
        }
        Value before = chosen.putIfAbsent(decision.slot(), decision.value());
        if (before != null && !before.equals(decision.value())) {
            fail("slot " + decision.slot() + " decided as " + before + " and, at node " + member.id + ", as "
                    + decision.value());
        }
        if (before == null) {
            checkValid(decision);
        }
        decisionsApplied++;
    }

    void restarted(Cluster.Member member) {
        // What the node applied is durable: the restarted node must not need it again, and what
        // it had decided must still be decided the same way (checked as it is re-delivered).
        if (member.node.decidedThrough() < member.app.appliedThrough) {
            fail("node " + member.id + " restarted knowing slots through " + member.node.decidedThrough()
                    + " but had applied " + member.app.appliedThrough);
        }
    }

    void installedSnapshot(Cluster.Member member, long slot) {
        for (var entry : member.app.applied.entrySet()) {
            Value value = chosen.get(entry.getKey());
            if (value != null && !value.equals(entry.getValue())) {
                fail("snapshot at " + slot + " installed on node " + member.id + " disagrees at slot " + entry.getKey());
            }
        }
    }

    /** No two nodes believe they hold the leadership window at the same instant. */
    void windowHolders(long time, List<Integer> nodes) {
        if (nodes.size() > 1) {
            fail("at time " + time + " nodes " + nodes + " all believe they hold the leadership window");
        }
    }

    private void checkValid(Decision decision) {
        switch (decision.value()) {
            case Value.Batch batch -> batch.proposals().forEach(p -> {
                Proposal original = proposals.get(p.id());
                if (original == null || !original.equals(p)) {
                    fail("slot " + decision.slot() + " decided " + p + ", which nobody proposed");
                }
            });
            case Value.Reconfigure reconfigure -> {
                if (reconfigure.cause() != null && !proposals.containsKey(reconfigure.cause().id())) {
                    fail("slot " + decision.slot() + " decided a reconfiguration nobody asked for");
                }
            }
            case Value.Noop noop -> {
            }
        }
    }

    private static void fail(String message) {
        throw new Violation(message);
    }
}
