package org.numreg.consensus.engine;

import org.numreg.consensus.log.LogHead;
import org.numreg.paxos.Config;
import org.numreg.paxos.Node;

import java.time.Instant;

/**
 * What the consensus loop last knew, for readers on other threads (REST, health, metrics).
 *
 * @param decidedThrough        the highest contiguous slot this node knows decided
 * @param leaderDecidedThrough  the highest the leader announced
 * @param members               the latest configuration decided (a change governs slots a little
 *                              later, but quorums already count it: docs/consensus.md)
 * @param governing             the configuration of the next slot
 */
public record Status(Node.Role role, int leader, long ballotRound, long decidedThrough, long leaderDecidedThrough,
                     long appliedSlot, long position, String hash, Instant commitTime, Config members,
                     Config governing) {

    static final Status STARTING = new Status(Node.Role.FOLLOWER, 0, 0, 0, 0, 0, 0, "", Instant.EPOCH, null, null);

    static Status of(Node node, LogHead head) {
        return new Status(node.role(), node.leader(), node.promised().round(), node.decidedThrough(),
                node.leaderDecidedThrough(), head.slot(), head.position(), head.hashHex(), head.commitTime(),
                node.membership().latest(), node.membership().at(node.decidedThrough() + 1));
    }

    /**
     * This status with the applier's head instead of the one the loop saw: the applier moves its
     * head before it answers a submission, so whoever was answered reads at least that position.
     */
    Status withHead(LogHead head) {
        return new Status(role, leader, ballotRound, decidedThrough, leaderDecidedThrough, head.slot(), head.position(),
                head.hashHex(), head.commitTime(), members, governing);
    }

    /** Whether a node takes part, in the configuration of the next slot or in the latest one. */
    public boolean isMember(int node) {
        return members == null || members.isMember(node) || governing.isMember(node);
    }

    /** In contact with a leader (so with a quorum) and not behind what it announced. */
    public boolean caughtUp() {
        return leader != Node.NO_LEADER && appliedSlot >= leaderDecidedThrough;
    }
}
