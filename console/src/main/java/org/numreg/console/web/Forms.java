package org.numreg.console.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.numreg.console.api.ApiProblem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What every form of the console does the same way. */
final class Forms {

    private Forms() {
    }

    /**
     * A fresh Idempotency-Key, rendered into each write form: sending the same form twice (a double
     * click, a reload) is one write, as the services promise for a repeated key.
     */
    static String newKey() {
        return "console-" + UUID.randomUUID();
    }

    static void putIfGiven(Map<String, Object> json, String field, String value) {
        if (value != null && !value.isBlank()) {
            json.put(field, value.strip());
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A whole number typed into a form field, or a 400 that names the field. */
    static int wholeNumber(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (RuntimeException e) {
            throw new ApiProblem(400, "Bad Request", field + " is a whole number: " + value, null,
                    List.of(Map.of("field", field, "message", "a whole number")));
        }
    }

    /** A write's answer (the record it made), as the pages read it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Response written) {
        return written.hasEntity() ? written.readEntity(Map.class) : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object json) {
        return json instanceof List<?> items ? (List<Map<String, Object>>) items : List.of();
    }

    /** The log position a write was committed at (its Numreg-Position header). */
    static long position(Response written) {
        String header = written.getHeaderString("Numreg-Position");
        return header == null ? 0 : Long.parseLong(header);
    }

    /**
     * After a write, the browser goes to what it changed (POST-redirect-GET), which is read at
     * the write's position or later, and says what was done.
     */
    static Response seeNumber(String number, String done, long position) {
        return seeOther(UriBuilder.fromPath("/numbers/{number}").resolveTemplate("number", number), done, position);
    }

    static Response see(String path, String done, long position) {
        return seeOther(UriBuilder.fromPath(path), done, position);
    }

    private static Response seeOther(UriBuilder page, String done, long position) {
        return Response.seeOther(page.queryParam("position", position).queryParam("done", done).build()).build();
    }
}
