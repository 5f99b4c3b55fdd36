package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A registrar's refusal, as its RFC 9457 problem+json body says it: printed as one line. */
public final class Problem extends CliException {

    private final int status;
    private final JsonNode body;

    Problem(int status, JsonNode body, String fallback) {
        super(Exit.forStatus(status), line(status, body, fallback));
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The problem's own fields (e.g. {@code reason}), or a missing node when the body was not problem+json. */
    public JsonNode body() {
        return body;
    }

    private static String line(int status, JsonNode body, String fallback) {
        // RFC 9457 from the services; RFC 6749's error and error_description from the token endpoint.
        String title = body.path("title").asText(body.path("error").asText(""));
        String detail = body.path("detail").asText(body.path("error_description").asText(""));
        String reason = body.path("reason").asText("");
        StringBuilder line = new StringBuilder().append(status);
        if (!title.isEmpty()) {
            line.append(' ').append(title);
        }
        if (!reason.isEmpty() && !reason.equals(title)) {
            line.append(" (").append(reason).append(')');
        }
        if (!detail.isEmpty()) {
            line.append(": ").append(detail);
        }
        if (title.isEmpty() && detail.isEmpty()) {
            line.append(": ").append(fallback);
        }
        return line.toString().replaceAll("\\s*\\R\\s*", " ");
    }
}
