package org.numreg.consensus.transport;

import org.numreg.paxos.Membership;
import org.numreg.paxos.Message;

import java.util.List;
import java.util.Optional;

/** What the peer endpoints need of this registrar's consensus: {@link PeerResource} depends on this, not on the engine. */
public interface PeerInbox {

    /** Messages from a peer, for the node. */
    void deliver(List<Message> messages);

    /** The node of a registrar that is a member (voter or learner) of the current configuration. */
    Optional<Integer> memberNode(String registrar);

    /** The last position applied here. */
    long appliedPosition();

    /** Keeps the slots after {@code slot} for {@code peer}, which is receiving a snapshot at that slot. */
    void holdLog(int peer, long slot);

    /** The Paxos membership governing the slots after {@code slot} (for a snapshot at that slot). */
    Membership membershipAfter(long slot);
}
