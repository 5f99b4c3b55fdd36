package org.numreg.client.consensus;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.numreg.support.rest.ProblemMappers;
import org.numreg.support.rest.Rejections;

import java.util.Map;

/** A refused command as the service's caller sees it: the reason and the log position, or 503 Retry-After. */
public class CommandRefusedMapper {

    @ServerExceptionMapper
    public Response refused(CommandRefused e, UriInfo uri) {
        if (e.reason() == null) {
            return e.status() == 503 ? ProblemMappers.unavailable(e.getMessage(), uri.getPath())
                    : ProblemMappers.problem(e.status(), "Bad Gateway", e.getMessage(), uri.getPath()).build();
        }
        return Rejections.answer(e.reason(), e.getMessage(), uri.getPath(), e.position(), Map.of());
    }
}
