package org.numreg.console.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.numreg.console.api.ApiProblem;

/** A refusal no page handles itself (e.g. a page whose list the user may not see) is shown in words. */
public class ErrorPages {

    private final Template error;

    ErrorPages(@Location("error") Template error) {
        this.error = error;
    }

    @ServerExceptionMapper
    public Response problem(ApiProblem problem) {
        return Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(error.data("problem", problem).render()).build();
    }
}
