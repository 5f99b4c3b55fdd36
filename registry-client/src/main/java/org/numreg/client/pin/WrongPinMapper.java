package org.numreg.client.pin;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.numreg.support.rest.Problem;
import org.numreg.support.rest.ProblemMappers;
import org.numreg.support.rest.Rejections;

import java.util.List;
import java.util.Map;

/** A wrong PIN: 403, with how many wrong PINs the number has had and whether it is locked now. */
public class WrongPinMapper {

    @ServerExceptionMapper
    public Response wrongPin(PinGuard.WrongPin e, UriInfo uri) {
        return ProblemMappers.problem(new Problem("https://numreg.org/problems/wrong-pin", "Wrong PIN", 403,
                        e.getMessage(), uri.getPath(), List.of(), Map.of("failures", e.failures(), "locked", e.locked())))
                .header(Rejections.POSITION_HEADER, e.position()).build();
    }
}
