package org.numreg.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/** The registrar's whois-service, called with the signed-in user's token. */
@RegisterRestClient(configKey = "whois")
@RegisterProvider(ProblemMapper.class)
@AccessToken
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface WhoisApi {

    @GET
    @Path("/numbers/{number}")
    Map<String, Object> lookup(@PathParam("number") String number, @QueryParam("minPosition") long minPosition,
                               @HeaderParam("Numreg-Pin") String pin);

    @GET
    @Path("/numbers")
    Map<String, Object> search(@QueryParam("prefix") String prefix, @QueryParam("ocn") String ocn,
                               @QueryParam("zip") String zip, @QueryParam("type") String type,
                               @QueryParam("serviceIndicator") String serviceIndicator,
                               @QueryParam("after") String after, @QueryParam("limit") int limit);

    @GET
    @Path("/numbers/{number}/history")
    List<Map<String, Object>> history(@PathParam("number") String number, @QueryParam("minPosition") long minPosition);

    @GET
    @Path("/read-model")
    Map<String, Object> readModel();
}
