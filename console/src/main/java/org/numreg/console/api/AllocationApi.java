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

/** The registrar's allocation-service, called with the signed-in user's token. */
@RegisterRestClient(configKey = "allocation")
@RegisterProvider(ProblemMapper.class)
@AccessToken
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface AllocationApi {

    @GET
    @Path("/ocns")
    List<Map<String, Object>> ocns(@QueryParam("minPosition") long minPosition);

    @POST
    @Path("/ocns")
    Response registerOcn(Map<String, Object> ocn, @HeaderParam("Idempotency-Key") String key);

    @PUT
    @Path("/ocns/{ocn}")
    Response updateOcn(@PathParam("ocn") String ocn, Map<String, Object> change, @HeaderParam("Idempotency-Key") String key);

    @GET
    @Path("/ranges")
    List<Map<String, Object>> ranges(@QueryParam("minPosition") long minPosition);

    @POST
    @Path("/ranges")
    Response openRange(Map<String, Object> range, @HeaderParam("Idempotency-Key") String key);

    @DELETE
    @Path("/ranges/{prefix}")
    Response closeRange(@PathParam("prefix") String prefix, @HeaderParam("Idempotency-Key") String key);

    @POST
    @Path("/numbers")
    Response allocate(Map<String, Object> request, @HeaderParam("Idempotency-Key") String key);

    @POST
    @Path("/numbers/bulk")
    Response allocateMany(Map<String, Object> request, @HeaderParam("Idempotency-Key") String key);

    @POST
    @Path("/blocks")
    Response allocateBlock(Map<String, Object> request, @HeaderParam("Idempotency-Key") String key);

    @PUT
    @Path("/numbers/{number}")
    Response update(@PathParam("number") String number, Map<String, Object> request,
                    @HeaderParam("Idempotency-Key") String key);

    @PUT
    @Path("/numbers/{number}/pin")
    Response setPin(@PathParam("number") String number, Map<String, Object> request,
                    @HeaderParam("Idempotency-Key") String key);

    @DELETE
    @Path("/numbers/{number}")
    Response release(@PathParam("number") String number, @QueryParam("ocn") String ocn,
                     @HeaderParam("Idempotency-Key") String key);

    @GET
    @Path("/read-model")
    Map<String, Object> readModel();
}
