package org.numreg.support.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokenCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final VerifiedTokenCache cache = new VerifiedTokenCache(3, now::get);

    @Test
    void aTokenNotVerifiedBeforeIsLeftToOidc() {
        assertThat(lookUp("never-seen")).isNull();
    }

    @Test
    void aVerifiedTokenAnswersWithItsIdentityUntilItExpires() {
        cache.augment(verified("t1", 1_300), null).await().indefinitely();

        SecurityIdentity again = lookUp("t1");
        assertThat(again.getPrincipal().getName()).isEqualTo("svc-t1");
        assertThat(again.getRoles()).containsExactly("registrar");
        now.set(1_299);
        assertThat(lookUp("t1")).isNotNull();
        now.set(1_300);
        assertThat(lookUp("t1")).as("expired").isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void onlyTheSameBytesMatch() {
        cache.augment(verified("header.payload.signature", 2_000), null).await().indefinitely();
        assertThat(lookUp("header.payload.signaturf")).isNull();
        assertThat(lookUp("header.payloae.signature")).isNull();
    }

    @Test
    void anExpiredTokenIsNotKept() {
        cache.augment(verified("old", 1_000), null).await().indefinitely();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theCacheStaysWithinItsSize() {
        for (int i = 0; i < 10; i++) {
            cache.augment(verified("t" + i, 5_000), null).await().indefinitely();
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(lookUp("t9")).isNotNull();
    }

    @Test
    void identitiesNotFromABearerTokenAreNotKept() {
        cache.augment(QuarkusSecurityIdentity.builder().setPrincipal(() -> "someone").build(), null)
                .await().indefinitely();
        assertThat(cache.size()).isZero();
    }

    private SecurityIdentity lookUp(String token) {
        return cache.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(token)), null)
                .await().indefinitely();
    }

    private static SecurityIdentity verified(String token, long exp) {
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt("svc-" + token, exp)).addRole("registrar")
                .addCredential(new AccessTokenCredential(token)).build();
    }

    private static JsonWebToken jwt(String name, long exp) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("exp");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claim) {
                return "exp".equals(claim) ? (T) Long.valueOf(exp) : null;
            }
        };
    }
}
