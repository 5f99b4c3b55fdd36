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
 */
public record Status(Node.Role role, int leader, long ballotRound, long decidedThrough, long leaderDecidedThrough,
                     long appliedSlot, long position, String hash, Instant commitTime, Config members) {

    static final Status STARTING = new Status(Node.Role.FOLLOWER, 0, 0, 0, 0, 0, 0, "", Instant.EPOCH, null);

    static Status of(Node node, LogHead head) {
        return new Status(node.role(), node.leader(), node.promised().round(), node.decidedThrough(),
                node.leaderDecidedThrough(), head.slot(), head.position(), head.hashHex(), head.commitTime(),
                node.membership().at(node.decidedThrough() + 1));
    }

    /** In contact with a leader (so with a quorum) and not behind what it announced. */
    public boolean caughtUp() {
        return leader != 0 && appliedSlot >= leaderDecidedThrough;
    }
}
