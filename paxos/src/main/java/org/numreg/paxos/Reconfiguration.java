package org.numreg.paxos;

import java.util.Objects;

/**
 * A caller's request to change the membership, decided in the log like any proposal. Promoting a
 * learner to voter is not requested: the leader does it once the learner has caught up.
 *
 * @param cause the caller's own command that asks for the change (decided with it)
 */
public record Reconfiguration(Proposal cause, Change change) {

    public Reconfiguration {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(change, "change");
    }

    public sealed interface Change {

        /** Start a new node as a learner: told what is decided, not counted in quorums. */
        record AddLearner(int node) implements Change {
        }

        /** Remove a voter or learner. */
        record Remove(int node) implements Change {
        }
    }

    /**
     * The configuration after this change, or null when it cannot apply to {@code current} (the
     * node is already a member, is not one, or is the last voter): the cause is then decided as
     * a plain proposal, so the caller still learns its fate.
     */
    Config applyTo(Config current) {
        return switch (change) {
            case Change.AddLearner add -> current.isMember(add.node()) ? null : current.withLearner(add.node());
            case Change.Remove remove -> !current.isMember(remove.node())
                    || (current.isVoter(remove.node()) && current.voters().size() == 1)
                    ? null : current.without(remove.node());
        };
    }
}
