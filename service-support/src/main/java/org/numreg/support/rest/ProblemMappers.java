package org.numreg.support.rest;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.numreg.registry.domain.InvalidValueException;

import java.util.List;

/** Turns every error a service answers with into an RFC 9457 problem+json body. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = e.getMessage() != null && !e.getMessage().startsWith("HTTP ") ? e.getMessage() : null;
        Response.ResponseBuilder answer = problem(status.getStatusCode(), status.getReasonPhrase(), detail,
                uri.getPath());
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem(new Problem("about:blank", "Bad Request", 400, "The request is not valid.",
                uri.getPath(), errors)).build();
    }

    /** A value that broke its type's rules (a number, an OCN, a prefix, …): 400, naming the field. */
    @ServerExceptionMapper
    public Response invalidValue(InvalidValueException e, UriInfo uri) {
        return problem(new Problem("about:blank", "Bad Request", 400, e.getMessage(), uri.getPath(),
                List.of(new Problem.FieldError(e.field(), e.getMessage())))).build();
    }

    /** A rate limit refused it: 429 with Retry-After, naming the limit. */
    @ServerExceptionMapper
    public Response tooManyRequests(org.numreg.support.limits.RateLimiter.TooManyRequests e, UriInfo uri) {
        return problem(new Problem("https://numreg.org/problems/too-many-requests", "Too Many Requests", 429,
                e.getMessage(), uri.getPath(), List.of(), java.util.Map.of("limit", e.limit())))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    public static Response.ResponseBuilder problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /** A problem its status and one sentence explain. */
    public static Response.ResponseBuilder problem(int status, String title, String detail, String instance) {
        return problem(new Problem("about:blank", title, status, detail, instance, List.of()));
    }

    /** 503 with Retry-After: the caller may try again shortly (with the same command id, if it sent one). */
    public static Response unavailable(String detail, String instance) {
        return problem(503, "Service Unavailable", detail, instance).header("Retry-After", "1").build();
    }

    /** "create.arg0.number" → "number": callers know their fields, not our method names. */
    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
