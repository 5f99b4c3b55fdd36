package org.numreg.cli;

/**
 * What a script learns from numreg-cli's exit status. One code a kind of outcome, so that a
 * script can tell "try again later" from "this will never work".
 */
public final class Exit {

    public static final int OK = 0;
    /** The registry said no (409 taken, 422 a rule, 429 locked or rate-limited), or a check found a difference. */
    public static final int REFUSED = 1;
    /** The request was malformed (400, or a bad option): fix the input. */
    public static final int BAD_INPUT = 2;
    /** Not signed in, or not allowed (401, 403): log in, or as someone else. */
    public static final int FORBIDDEN = 3;
    /** No such number, port or page (404). */
    public static final int NOT_FOUND = 4;
    /** The registrar could not be reached or failed (5xx, connection refused, time-out): try again. */
    public static final int UNAVAILABLE = 5;

    private Exit() {
    }

    public static int forStatus(int status) {
        return switch (status) {
            case 400, 413, 415 -> BAD_INPUT;
            case 401, 403 -> FORBIDDEN;
            case 404, 410 -> NOT_FOUND;
            case 409, 412, 422, 429 -> REFUSED;
            default -> status >= 500 ? UNAVAILABLE : status >= 400 ? BAD_INPUT : OK;
        };
    }
}
