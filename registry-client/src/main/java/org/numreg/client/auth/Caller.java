package org.numreg.client.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.ws.rs.ForbiddenException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling (design §6): a system admin manages OCNs and ranges; an OCN admin acts for the
 * OCNs in the token's {@code ocns} claim, and for nothing else.
 */
@RequestScoped
public class Caller {

    public static final String SYSTEM_ADMIN = "system-admin";
    public static final String OCN_ADMIN = "ocn-admin";

    private final SecurityIdentity identity;
    private final JsonWebToken token;
    private final HttpServerRequest request;

    Caller(SecurityIdentity identity, JsonWebToken token, HttpServerRequest request) {
        this.identity = identity;
        this.token = token;
        this.request = request;
    }

    public boolean isSystemAdmin() {
        return identity.hasRole(SYSTEM_ADMIN);
    }

    /** The OCNs the caller administers (empty unless the token has the ocn-admin role). */
    public Set<Ocn> ocns() {
        Set<Ocn> ocns = new LinkedHashSet<>();
        if (identity.isAnonymous() || !identity.hasRole(OCN_ADMIN)) {
            return ocns;
        }
        Object claim = token.getClaim("ocns");
        if (claim instanceof JsonArray array) {
            array.getValuesAs(JsonString.class).forEach(value -> ocns.add(Ocn.of(value.getString())));
        } else if (claim instanceof JsonString value) {
            ocns.add(Ocn.of(value.getString()));
        } else if (claim instanceof String value) {
            ocns.add(Ocn.of(value));
        } else if (claim instanceof Iterable<?> values) {
            values.forEach(value -> ocns.add(Ocn.of(value.toString())));
        }
        return ocns;
    }

    public boolean administers(Ocn ocn) {
        return ocns().contains(ocn);
    }

    /** Acting for {@code ocn} needs its administrator: 403 otherwise. */
    public void requireAdministers(Ocn ocn) {
        if (!administers(ocn)) {
            throw new ForbiddenException("you do not administer OCN " + ocn);
        }
    }

    /** Seeing everything about a number: its OCN's administrators and system admins. */
    public boolean maySeeAllOf(Ocn holder) {
        return isSystemAdmin() || administers(holder);
    }

    /**
     * Who the caller is, as the log records it: the token's subject and user name (an API
     * client's id for a service account), or {@link Principal#ANONYMOUS}.
     */
    public Principal principal() {
        if (identity.isAnonymous()) {
            return Principal.ANONYMOUS;
        }
        String name = token.getClaim("preferred_username");
        if (name == null || name.startsWith("service-account-")) {
            String client = token.getClaim("azp");
            name = client != null ? client : identity.getPrincipal().getName();
        }
        return new Principal(token.getSubject(), name);
    }

    /** Whether the caller presented no token (a public caller). */
    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    /**
     * Whom the per-client rate limits count: a logged-in caller by name (wherever it calls from),
     * an anonymous one by its address (the proxy's client, when proxy address forwarding is on).
     */
    public String rateKey() {
        return identity.isAnonymous() ? request.remoteAddress().hostAddress() : "user " + identity.getPrincipal().getName();
    }

    /**
     * The command id for this request: the caller's {@code Idempotency-Key} (a retry with the same
     * key answers with the first outcome), scoped to the caller so that keys never collide
     * across callers; a fresh id without one.
     */
    public String commandId(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return UUID.randomUUID().toString();
        }
        if (!idempotencyKey.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new InvalidValueException("Idempotency-Key",
                    "an Idempotency-Key is 1 to 64 letters, digits, '.', '_', ':' or '-'");
        }
        return Command.checkId("k" + scope() + ":" + idempotencyKey);
    }

    private String scope() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(identity.getPrincipal().getName().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
