package org.numreg.support.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bearer tokens this service has verified, kept until they expire. Checking a JWT's signature
 * and claims cost a submit request more CPU than the rest of it (a registrar's services send the
 * same client-credentials token with every command), so a token seen before is not verified
 * again.
 *
 * <p>As an {@link IdentityProvider} it runs before OIDC's and answers only for a token it holds
 * (else OIDC verifies); as an {@link SecurityIdentityAugmentor} it keeps each identity OIDC
 * built from a bearer token. The key is the whole token, signature included, so only the very
 * bytes that were verified match. The access tokens are checked locally anyway (no
 * introspection), so keeping the result until {@code exp} accepts nothing OIDC would refuse —
 * except a token signed with a key the provider has withdrawn since, for the rest of its
 * lifetime (minutes).
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    /** Before OIDC's provider (default priority 1001). */
    static final int PRIORITY = 2000;

    private record Verified(SecurityIdentity identity, long expiresAtSecond) {
    }

    private final Map<String, Verified> byToken = new ConcurrentHashMap<>();
    private final int maxSize;
    private final LongSupplier nowSecond;

    @Inject
    VerifiedTokenCache(@ConfigProperty(name = "numreg.security.verified-tokens", defaultValue = "1000") int maxSize) {
        this(maxSize, () -> System.currentTimeMillis() / 1000);
    }

    VerifiedTokenCache(int maxSize, LongSupplier nowSecond) {
        this.maxSize = maxSize;
        this.nowSecond = nowSecond;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /** The identity of a token verified before and not expired; none (OIDC verifies) otherwise. */
    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        Verified verified = byToken.get(token);
        if (verified == null) {
            return Uni.createFrom().nullItem();
        }
        if (nowSecond.getAsLong() >= verified.expiresAtSecond()) {
            byToken.remove(token, verified);
            return Uni.createFrom().nullItem();
        }
        // The identity belongs to this request: its routing context, not the first request's.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(verified.identity())
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE,
                        HttpSecurityUtils.getRoutingContextAttribute(request))
                .build());
    }

    /** Keeps an identity OIDC built from a bearer token (a kept one is kept already). */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (maxSize > 0 && credential != null && identity.getPrincipal() instanceof JsonWebToken jwt
                && jwt.getExpirationTime() > nowSecond.getAsLong() && !byToken.containsKey(credential.getToken())) {
            makeRoom();
            byToken.put(credential.getToken(), new Verified(identity, jwt.getExpirationTime()));
        }
        return Uni.createFrom().item(identity);
    }

    int size() {
        return byToken.size();
    }

    private void makeRoom() {
        if (byToken.size() >= maxSize) {
            long now = nowSecond.getAsLong();
            byToken.values().removeIf(v -> now >= v.expiresAtSecond());
            if (byToken.size() >= maxSize) {
                byToken.clear();
            }
        }
    }
}
