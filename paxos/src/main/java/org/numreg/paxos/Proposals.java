package org.numreg.paxos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * This node's callers' proposals and reconfigurations, from {@link Node#propose} until this node
 * sees them decided: handed to its leadership when it leads, forwarded to the leader otherwise
 * (again on every leader change and every election timeout, as a FORWARD may be lost).
 */
final class Proposals {

    private final LinkedHashMap<String, Proposal> proposals = new LinkedHashMap<>();
    private final LinkedHashMap<String, Reconfiguration> reconfigurations = new LinkedHashMap<>();

    void add(Proposal proposal) {
        proposals.put(proposal.id(), proposal);
    }

    void add(Reconfiguration reconfiguration) {
        reconfigurations.put(reconfiguration.cause().id(), reconfiguration);
    }

    void decided(Set<String> ids) {
        proposals.keySet().removeAll(ids);
        reconfigurations.keySet().removeAll(ids);
    }

    /** Queues every one of them in this node's new leadership. */
    void handTo(Leadership leadership) {
        proposals.values().forEach(leadership::enqueue);
        reconfigurations.values().forEach(leadership::enqueue);
    }

    /** All of them, for {@code leader}; empty when there are none. */
    Optional<Message.Forward> forward(int self, int leader) {
        if (proposals.isEmpty() && reconfigurations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Message.Forward(self, leader, List.copyOf(proposals.values()),
                List.copyOf(reconfigurations.values())));
    }
}
