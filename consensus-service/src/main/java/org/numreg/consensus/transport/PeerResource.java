package org.numreg.consensus.transport;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.numreg.consensus.engine.ConsensusEngine;
import org.numreg.paxos.Message;

import java.util.List;

/** Where peer registrars' consensus-services send Paxos messages (batches in {@link WireFormat}). */
@Path(PeerNetwork.PATH)
public class PeerResource {

    private final ConsensusEngine engine;

    PeerResource(ConsensusEngine engine) {
        this.engine = engine;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Paxos messages from a peer registrar (binary, for consensus-services only)")
    public void receive(byte[] batch) {
        List<Message> messages;
        try {
            messages = WireFormat.decodeMessages(batch);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("not a batch of Paxos messages: " + e.getMessage());
        }
        engine.deliver(messages);
    }
}
