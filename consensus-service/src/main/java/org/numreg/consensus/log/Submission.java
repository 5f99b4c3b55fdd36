package org.numreg.consensus.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.numreg.paxos.Proposal;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.command.Command;

import java.io.IOException;

/** A command as it goes into the log: who submitted it, and the command itself (JSON). */
public record Submission(String registrar, Command command) {

    /** The Paxos proposal: its id names registrar and command, its payload is this submission's JSON. */
    public Proposal toProposal() {
        ObjectNode node = RegistryJson.mapper().createObjectNode();
        node.put("registrar", registrar);
        node.set("command", RegistryJson.mapper().valueToTree(command));
        return new Proposal(registrar + "/" + command.id(), RegistryJson.write(node));
    }

    /** Reads a decided proposal; throws IllegalArgumentException when it is not a submission. */
    public static Submission of(Proposal proposal) {
        try {
            JsonNode node = RegistryJson.mapper().readTree(proposal.payload());
            String registrar = node.path("registrar").asText(null);
            if (registrar == null || !node.has("command")) {
                throw new IllegalArgumentException("not a submission: " + proposal);
            }
            return new Submission(registrar, RegistryJson.readCommand(RegistryJson.write(node.get("command"))));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + proposal, e);
        }
    }
}
