package org.numreg.sync.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.numreg.client.auth.Caller;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.client.rest.Written;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.command.Command;
import org.numreg.registry.event.Event;
import org.numreg.support.rest.Problem;

/**
 * Which registrars keep the registry, changed through the log by system admins: an added
 * registrar becomes a learner of the Paxos log, then a voter once it has caught up
 * (docs/operations.md, "A registrar joins").
 */
@Path("/v1/registrars")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class RegistrarResource {

    /** {@code endpoint}: where the peers reach its consensus-service's peer port. */
    public record AddRegistrar(String registrar, int node, String endpoint) {
    }

    private final ConsensusClient consensus;
    private final Caller caller;

    RegistrarResource(ConsensusClient consensus, Caller caller) {
        this.consensus = consensus;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Caller.SYSTEM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a registrar", description = "Its node number must be new; it is started with"
            + " NUMREG_CONSENSUS_JOINING=true beforehand, and catches up by itself once added.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "r4",
            value = "{\"registrar\":\"r4\",\"node\":4,\"endpoint\":\"https://r4.example:8443\"}")))
    public Response add(byte[] body, @HeaderParam("Idempotency-Key") String key) {
        AddRegistrar request = RegistryJson.read(body, AddRegistrar.class);
        Committed committed = consensus.submit(new Command.AddRegistrar(caller.commandId(key), request.registrar(),
                request.node(), request.endpoint()), caller.principal());
        return Written.created(committed, committed.events(Event.RegistrarAdded.class).getFirst());
    }

    @DELETE
    @Path("/{registrar}")
    @RolesAllowed(Caller.SYSTEM_ADMIN)
    @Operation(summary = "Remove a registrar", description = "It stops counting in quorums at once; the last one stays.")
    public Response remove(@PathParam("registrar") String registrar, @HeaderParam("Idempotency-Key") String key) {
        Committed committed = consensus.submit(new Command.RemoveRegistrar(caller.commandId(key), registrar), caller.principal());
        return Written.ok(committed, committed.events(Event.RegistrarRemoved.class).getFirst());
    }
}
