package org.numreg.client.consensus;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.numreg.support.rest.Problem;
import org.numreg.support.rest.ProblemMappers;
import org.numreg.support.rest.Rejections;

import java.util.List;
import java.util.Map;

/** A refused command as the service's caller sees it: the reason and the log position, or 503 Retry-After. */
public class CommandRefusedMapper {

    @ServerExceptionMapper
    public Response refused(CommandRefused e, UriInfo uri) {
        if (e.reason() == null) {
            Response.ResponseBuilder answer = ProblemMappers.problem(new Problem("about:blank",
                    e.status() == 503 ? "Service Unavailable" : "Bad Gateway", e.status(), e.getMessage(),
                    uri.getPath(), List.of()));
            return (e.status() == 503 ? answer.header("Retry-After", "1") : answer).build();
        }
        return Rejections.answer(e.reason(), e.getMessage(), uri.getPath(), e.position(), Map.of());
    }
}
