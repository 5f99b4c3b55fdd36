package org.numreg.consensus.log;

import org.numreg.paxos.Proposal;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.Principal;

/**
 * A command as it goes into the log: the registrar whose services submitted it, who asked them
 * for it (null in entries logged before principals were), the command itself (JSON), and the
 * trace it was submitted in (W3C traceparent; null when none, and in entries logged before
 * traces were): every registrar's apply and change events join that trace.
 */
public record Submission(String registrar, Principal principal, Command command, String traceparent) {

    /** The Paxos proposal: its id names registrar and command, its payload is this submission's JSON. */
    public Proposal toProposal() {
        return new Proposal(registrar + "/" + command.id(), RegistryJson.write(this));
    }

    /** Reads a decided proposal; throws IllegalArgumentException when it is not a submission. */
    public static Submission of(Proposal proposal) {
        Submission submission;
        try {
            submission = RegistryJson.read(proposal.payload(), Submission.class);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException("not a submission: " + proposal, e);
        }
        if (submission.registrar() == null || submission.command() == null) {
            throw new IllegalArgumentException("not a submission: " + proposal);
        }
        return submission;
    }
}
