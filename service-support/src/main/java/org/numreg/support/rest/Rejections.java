package org.numreg.support.rest;

import jakarta.ws.rs.core.Response;
import org.numreg.registry.event.Rejection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How every service answers a command the state machine rejected: the same status, type and members everywhere. */
public final class Rejections {

    /** The log position a write went to, or a read reflects. */
    public static final String POSITION_HEADER = "Numreg-Position";

    private Rejections() {
    }

    /** 409 Conflict, 422 Unprocessable Content, 404 Not Found or 429 Too Many Requests. */
    public static int statusOf(Rejection reason) {
        return switch (reason.kind()) {
            case CONFLICT -> 409;
            case RULE -> 422;
            case NOT_FOUND -> 404;
            case BACK_OFF -> 429;
        };
    }

    /** A problem+json answer with members {@code reason} and {@code position} (and {@code more}). */
    public static Response answer(Rejection reason, String detail, String instance, long position,
                                  Map<String, Object> more) {
        return answering(reason, detail, instance, position, more).build();
    }

    /** {@link #answer}, for a caller that adds headers. */
    public static Response.ResponseBuilder answering(Rejection reason, String detail, String instance, long position,
                                                     Map<String, Object> more) {
        Map<String, Object> members = new HashMap<>(more);
        members.put("reason", reason.name());
        members.put("position", position);
        Problem problem = new Problem("https://numreg.org/problems/" + reason.name().toLowerCase().replace('_', '-'),
                reason.name(), statusOf(reason), detail, instance, List.of(), members);
        return ProblemMappers.problem(problem).header(POSITION_HEADER, position);
    }
}
