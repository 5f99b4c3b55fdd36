package org.numreg.registry.codec;

import org.numreg.registry.domain.Principal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How a registrar's service tells its consensus-service who asked for a command: two HTTP
 * headers, percent-encoded UTF-8 (user names need not be ASCII; header values should be).
 */
public final class PrincipalHeaders {

    /** The principal's name (user name or API client id). */
    public static final String NAME = "Numreg-Principal";
    /** The principal's subject at the identity provider; absent for a caller without a token. */
    public static final String ID = "Numreg-Principal-Id";

    private PrincipalHeaders() {
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The principal these header values name; throws InvalidValueException for a bad one. */
    public static Principal read(String name, String id) {
        return new Principal(id == null ? null : decode(PrincipalHeaders.ID, id), decode(PrincipalHeaders.NAME, name));
    }

    private static String decode(String header, String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new org.numreg.registry.domain.InvalidValueException(header, header + " is percent-encoded UTF-8");
        }
    }
}
