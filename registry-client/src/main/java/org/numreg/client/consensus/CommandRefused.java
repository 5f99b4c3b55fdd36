package org.numreg.client.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import org.numreg.registry.event.Rejection;
import org.numreg.support.rest.Rejections;

/**
 * The consensus-service did not accept a command: the state machine rejected it (409/422/404 with
 * a {@link Rejection} reason and its log position), or it could not take it now (503).
 */
public class CommandRefused extends RuntimeException {

    private final int status;
    private final Rejection reason;
    private final long position;

    public CommandRefused(int status, Rejection reason, long position, String detail) {
        super(detail);
        this.status = status;
        this.reason = reason;
        this.position = position;
    }

    static CommandRefused of(int status, JsonNode problem) {
        String reason = problem.path("reason").asText(null);
        String detail = problem.path("detail").asText("the consensus-service answered " + status);
        if (status >= 500 || reason == null) {
            return new CommandRefused(status >= 500 ? 503 : 502, null, 0,
                    status >= 500 ? detail : "the consensus-service refused the command: " + detail);
        }
        Rejection rejection = Rejection.valueOf(reason);
        return new CommandRefused(Rejections.statusOf(rejection), rejection, problem.path("position").asLong(), detail);
    }

    public static CommandRefused unavailable(String detail) {
        return new CommandRefused(503, null, 0, detail);
    }

    /** The HTTP status the caller gets: 409, 422, 404, or 503 (retry later). */
    public int status() {
        return status;
    }

    /** Why the state machine rejected it; null when it was not decided. */
    public Rejection reason() {
        return reason;
    }

    /** The log position of the rejection; 0 when it was not decided. */
    public long position() {
        return position;
    }
}
