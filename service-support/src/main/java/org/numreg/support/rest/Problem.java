package org.numreg.support.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail: how every numreg service says what was wrong with a request.
 *
 * @param type   a URI naming the kind of problem ("about:blank" when the status says it all)
 * @param errors one line per invalid field, for validation problems
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }
}
