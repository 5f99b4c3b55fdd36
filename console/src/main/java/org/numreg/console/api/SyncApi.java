package org.numreg.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/** The registrar's sync-service, called with the signed-in user's token. */
@RegisterRestClient(configKey = "sync")
@RegisterProvider(ProblemMapper.class)
@AccessToken
@Path("/v1")
public interface SyncApi {

    /** The committed changes after a position, as NDJSON (one event a line), up to the head. */
    @GET
    @Path("/changes")
    @Produces("application/x-ndjson")
    String changes(@QueryParam("after") long after);

    /** How the other registrars' digests compared with this one's at the last anti-entropy round. */
    @GET
    @Path("/digest/peers")
    @Produces("application/json")
    List<Map<String, Object>> digestPeers();

    @GET
    @Path("/read-model")
    @Produces("application/json")
    Map<String, Object> readModel();
}
