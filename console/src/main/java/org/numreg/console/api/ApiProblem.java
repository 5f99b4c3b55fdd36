package org.numreg.console.api;

import io.quarkus.qute.TemplateData;

import java.util.List;
import java.util.Map;

/**
 * A registrar's service said no: its RFC 9457 problem, as the console shows it to a person.
 *
 * @param reason the registry's machine-readable reason (NUMBER_TAKEN, …), when there is one
 * @param errors one line per invalid field
 */
@TemplateData
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final String reason;
    private final List<Map<String, Object>> errors;

    public ApiProblem(int status, String title, String detail, String reason, List<Map<String, Object>> errors) {
        super(status + " " + title + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.reason = reason;
        this.errors = errors == null ? List.of() : errors;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public String reason() {
        return reason;
    }

    public List<Map<String, Object>> errors() {
        return errors;
    }

    /** The sentence a person reads first: what happened, in the registry's words. */
    public String headline() {
        return ProblemWords.headline(this);
    }
}
