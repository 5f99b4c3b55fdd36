package org.numreg.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a service's error answer (problem+json, or anything else) into an {@link ApiProblem}. */
public class ProblemMapper implements ResponseExceptionMapper<ApiProblem> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ApiProblem toThrowable(Response response) {
        return parse(response.getStatus(), response.getStatusInfo().getReasonPhrase(),
                response.hasEntity() ? response.readEntity(String.class) : "");
    }

    static ApiProblem parse(int status, String reasonPhrase, String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            List<Map<String, Object>> errors = new ArrayList<>();
            problem.path("errors").forEach(e -> errors.add(Map.of("field", e.path("field").asText(),
                    "message", e.path("message").asText())));
            String reason = text(problem, "reason");
            return new ApiProblem(status, problem.path("title").asText(reasonPhrase),
                    text(problem, "detail"), reason != null ? reason : kind(text(problem, "type")), errors);
        } catch (Exception notJson) {
            return new ApiProblem(status, reasonPhrase, null, null, List.of());
        }
    }

    /** A problem without a registry reason is named by its type: …/problems/wrong-pin → WRONG_PIN. */
    private static String kind(String type) {
        if (type == null || !type.contains("/problems/")) {
            return null;
        }
        return type.substring(type.lastIndexOf('/') + 1).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String text(JsonNode problem, String field) {
        return problem.hasNonNull(field) ? problem.get(field).asText() : null;
    }
}
