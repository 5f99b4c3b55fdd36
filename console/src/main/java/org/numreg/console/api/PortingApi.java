package org.numreg.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/** The registrar's porting-service, called with the signed-in user's token. */
@RegisterRestClient(configKey = "porting")
@RegisterProvider(ProblemMapper.class)
@AccessToken
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface PortingApi {

    @POST
    @Path("/ports")
    Response port(Map<String, Object> request, @HeaderParam("Idempotency-Key") String key);

    @DELETE
    @Path("/numbers/{number}/scheduled-port")
    Response cancel(@PathParam("number") String number, @HeaderParam("Idempotency-Key") String key);

    @PUT
    @Path("/numbers/{number}/port-protection")
    Response protect(@PathParam("number") String number, Map<String, Object> request,
                     @HeaderParam("Idempotency-Key") String key);

    @GET
    @Path("/ports")
    List<Map<String, Object>> ofOcn(@QueryParam("ocn") String ocn, @QueryParam("minPosition") long minPosition);

    @GET
    @Path("/numbers/{number}/ports")
    Map<String, Object> status(@PathParam("number") String number, @QueryParam("minPosition") long minPosition);

    @GET
    @Path("/read-model")
    Map<String, Object> readModel();
}
