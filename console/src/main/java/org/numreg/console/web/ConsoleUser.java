package org.numreg.console.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.List;

/**
 * Who is signed in, as the pages show it ({@code {inject:user.name}}): their name, their role and
 * the OCNs they administer. What they may do is decided by the services, not here: the console
 * only leaves out what would be refused anyway.
 */
@Named("user")
@RequestScoped
public class ConsoleUser {

    static final String SYSTEM_ADMIN = "system-admin";
    static final String OCN_ADMIN = "ocn-admin";

    @Inject
    SecurityIdentity identity;
    @Inject
    @IdToken
    JsonWebToken idToken;

    public String name() {
        String name = idToken.getClaim("preferred_username");
        return name != null ? name : identity.getPrincipal().getName();
    }

    public boolean isSystemAdmin() {
        return identity.hasRole(SYSTEM_ADMIN);
    }

    public boolean isOcnAdmin() {
        return identity.hasRole(OCN_ADMIN);
    }

    public String role() {
        return isSystemAdmin() ? "system admin" : isOcnAdmin() ? "OCN admin" : "user";
    }

    /** The OCNs this user administers (the token's {@code ocns} claim), sorted. */
    public List<String> ocns() {
        Object claim = idToken.getClaim("ocns");
        Collection<?> values = claim instanceof Collection<?> many ? many : claim == null ? List.of() : List.of(claim);
        return values.stream().map(v -> v instanceof JsonString text ? text.getString() : v.toString()).sorted().toList();
    }

    /** The OCNs as the header shows them: "1510, 0042". */
    public String ocnList() {
        return String.join(", ", ocns());
    }

    public boolean administers(Object ocn) {
        return isSystemAdmin() || (ocn != null && ocns().contains(ocn.toString()));
    }
}
