package org.numreg.client.consensus;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The registrar's own access token (client credentials of its service account, role registrar),
 * fetched once and again shortly before it expires.
 */
@ApplicationScoped
public class RegistrarToken {

    private final OidcClient client;
    private volatile Tokens tokens;

    RegistrarToken(OidcClient client) {
        this.client = client;
    }

    public String get() {
        Tokens current = tokens;
        if (current == null || current.isAccessTokenExpired() || current.isAccessTokenWithinRefreshInterval()) {
            synchronized (this) {
                current = tokens;
                if (current == null || current.isAccessTokenExpired() || current.isAccessTokenWithinRefreshInterval()) {
                    current = client.getTokens().await().atMost(Duration.ofSeconds(15));
                    tokens = current;
                }
            }
        }
        return current.getAccessToken();
    }

    /** The consensus-service refused the token (e.g. Keycloak's keys rotated): fetch a new one next time. */
    public void forget() {
        tokens = null;
    }
}
