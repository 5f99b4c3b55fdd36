package org.numreg.console.api;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

import java.util.Map;

/** A registrar's consensus-service: its log head. One client per registrar ({@link Registrars}). */
@RegisterProvider(ProblemMapper.class)
@AccessToken
@Path("/v1/log")
@Produces(MediaType.APPLICATION_JSON)
public interface ConsensusApi {

    @GET
    @Path("/head")
    Map<String, Object> head();
}
