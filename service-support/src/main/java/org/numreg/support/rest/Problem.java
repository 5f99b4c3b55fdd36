package org.numreg.support.rest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail: how every numreg service says what was wrong with a request.
 *
 * @param type       a URI naming the kind of problem ("about:blank" when the status says it all)
 * @param errors     one line per invalid field, for validation problems
 * @param extensions further members (RFC 9457 §3.2), e.g. a machine-readable reason
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors, @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, Map.of());
    }

    @JsonAnyGetter
    public Map<String, Object> members() {
        return extensions;
    }

    public record FieldError(String field, String message) {
    }
}
