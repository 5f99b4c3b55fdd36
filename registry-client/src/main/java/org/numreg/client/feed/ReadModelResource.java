package org.numreg.client.feed;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.numreg.client.auth.Caller;

/** The service's read model: how far it got, and (system admins) a rebuild from the topic. */
@Path("/v1/read-model")
@Produces(MediaType.APPLICATION_JSON)
public class ReadModelResource {

    private final ChangeFeed feed;
    private final FeedProgress progress;

    ReadModelResource(ChangeFeed feed, FeedProgress progress) {
        this.feed = feed;
        this.progress = progress;
    }

    public record State(String topic, long position, String failure) {
    }

    @GET
    @RolesAllowed({Caller.SYSTEM_ADMIN, Caller.OCN_ADMIN})
    @Operation(summary = "How far the read model got", description = "The highest log position it holds completely.")
    public State state() {
        return new State(feed.topic(), progress.position(), feed.failure());
    }

    @POST
    @Path("/rebuild")
    @RolesAllowed(Caller.SYSTEM_ADMIN)
    @Operation(summary = "Rebuild the read model from the topic",
            description = "Empties it and applies numreg.changes again from its first event. Reads see it grow back.")
    public Response rebuild() {
        feed.rebuild();
        return Response.accepted(state()).build();
    }
}
