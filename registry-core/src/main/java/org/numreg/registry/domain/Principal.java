package org.numreg.registry.domain;

/**
 * Who asked for a command: the person or API client a registrar's service acted for. It goes
 * into the log with the command (so the hash chain covers it), into the command's events
 * (CloudEvents extensions {@code numregprincipal}, {@code numregprincipalid}) and into each
 * number's history, so that an auditor can tell who did what, when, at which registrar. It names
 * and never proves: no token, password or PIN is ever part of it.
 *
 * @param id   the identity provider's stable subject of the caller (Keycloak's {@code sub}); null
 *             for a caller without a token
 * @param name the caller's user name, or an API client's id (what people read)
 */
public record Principal(String id, String name) {

    /** A caller without a token (a public whois lookup presenting a PIN). */
    public static final Principal ANONYMOUS = new Principal(null, "anonymous");

    private static final int MAX_LENGTH = 255;

    public Principal {
        check("principal.id", id, true);
        check("principal.name", name, false);
    }

    private static void check(String field, String value, boolean optional) {
        if (value == null) {
            if (optional) {
                return;
            }
            throw new InvalidValueException(field, "a principal has a name");
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidValueException(field, field + " is 1 to " + MAX_LENGTH + " characters");
        }
        Text.requireClean(field, value);
    }

    @Override
    public String toString() {
        return id == null ? name : name + " (" + id + ")";
    }
}
