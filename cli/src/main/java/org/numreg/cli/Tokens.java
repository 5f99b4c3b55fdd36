package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A profile's tokens: obtained by an OIDC grant, cached in {@code <config>/tokens/<profile>.json}
 * (mode 0600: it may hold a client secret) and renewed by themselves — with the refresh token,
 * or for a client by asking again.
 */
public final class Tokens {

    /** A token this close to its expiry is renewed first: the request must not outlive it. */
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final Profile profile;
    private final Path file;
    private final Http http;
    private final Clock clock;

    public Tokens(Profile profile, Path configDir, Http http, Clock clock) {
        this.profile = profile;
        this.file = configDir.resolve("tokens").resolve(profile.name() + ".json");
        this.http = http;
        this.clock = clock;
    }

    /** A valid access token, renewed when it is about to expire; empty when nobody logged in. */
    public Optional<String> accessToken() {
        Optional<ObjectNode> cached = read();
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode token = cached.get();
        if (token.path("expires_at").asLong() - MARGIN.toSeconds() > now()) {
            return Optional.of(token.path("access_token").asText());
        }
        return Optional.of(renew(token).path("access_token").asText());
    }

    public String requireAccessToken() {
        return accessToken().orElseThrow(() -> new CliException(Exit.FORBIDDEN,
                "not logged in to profile " + profile.name() + ": run numreg-cli login"));
    }

    /** The password grant: only against the local registry, whose demo users have known passwords. */
    public JsonNode password(String user, String password) {
        requireLocal();
        return save(grant(Map.of("grant_type", "password", "client_id", profile.clientId(), "username", user,
                "password", password)), null);
    }

    /** Refuses before a password is even asked for, unless the registry is this machine's. */
    public void requireLocal() {
        if (!profile.isLocal()) {
            throw new CliException(Exit.BAD_INPUT, "a password is sent only to the local registry; log in to "
                    + profile.issuer() + " with the device flow (numreg-cli login) or as a client (--client-id)");
        }
    }

    /** A machine: the client credentials grant; the secret is kept with the token to ask again. */
    public JsonNode client(String clientId, String secret) {
        ObjectNode token = grant(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        token.put("client_id", clientId);
        return save(token, secret);
    }

    /** A person on another device: RFC 8628, the user opens a URL and confirms a code. */
    public JsonNode device(PrintWriter prompt) throws InterruptedException {
        JsonNode start = http.form(profile.deviceEndpoint(), Map.of("client_id", profile.clientId(), "scope", "openid"));
        prompt.println("Open " + start.path("verification_uri_complete").asText(start.path("verification_uri").asText())
                + " and confirm the code " + start.path("user_code").asText());
        prompt.flush();
        long interval = Math.max(1, start.path("interval").asLong(5));
        long deadline = now() + start.path("expires_in").asLong(600);
        while (now() < deadline) {
            Thread.sleep(Duration.ofSeconds(interval));
            try {
                return save(grant(Map.of("grant_type", DEVICE_GRANT, "client_id", profile.clientId(),
                        "device_code", start.path("device_code").asText())), null);
            } catch (Problem pending) {
                String error = pending.body().path("error").asText();
                if (error.equals("slow_down")) {
                    interval += 5;
                } else if (!error.equals("authorization_pending")) {
                    throw pending;
                }
            }
        }
        throw new CliException(Exit.FORBIDDEN, "the code expired before it was confirmed: log in again");
    }

    public boolean logout() throws IOException {
        return Files.deleteIfExists(file);
    }

    /** The claims of the current access token (its middle part), for saying who is logged in. */
    public static JsonNode claims(String accessToken) {
        String[] parts = accessToken.split("\\.");
        if (parts.length < 2) {
            return Json.MAPPER.createObjectNode();
        }
        return Json.parse(Base64.getUrlDecoder().decode(parts[1]));
    }

    private JsonNode renew(ObjectNode token) {
        String secret = token.path("client_secret").asText(null);
        if (secret != null) {
            return client(token.path("client_id").asText(), secret);
        }
        String refresh = token.path("refresh_token").asText(null);
        if (refresh == null || token.path("refresh_expires_at").asLong(Long.MAX_VALUE) - MARGIN.toSeconds() <= now()) {
            throw new CliException(Exit.FORBIDDEN, "the login to profile " + profile.name()
                    + " expired: run numreg-cli login again");
        }
        try {
            return save(grant(Map.of("grant_type", "refresh_token", "client_id", profile.clientId(),
                    "refresh_token", refresh)), null);
        } catch (Problem refused) {
            throw new CliException(Exit.FORBIDDEN, "the login to profile " + profile.name()
                    + " ended (" + refused.getMessage() + "): run numreg-cli login again");
        }
    }

    private ObjectNode grant(Map<String, String> form) {
        ObjectNode token = (ObjectNode) http.form(profile.tokenEndpoint(), form);
        long now = now();
        token.put("expires_at", now + token.path("expires_in").asLong(60));
        if (token.path("refresh_expires_in").asLong(0) > 0) {
            token.put("refresh_expires_at", now + token.path("refresh_expires_in").asLong());
        }
        return token;
    }

    private ObjectNode save(ObjectNode token, String secret) {
        if (secret != null) {
            token.put("client_secret", secret);
        }
        try {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path temporary = Files.createTempFile(file.getParent(), "token", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, Json.MAPPER.writeValueAsBytes(token));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliException(Exit.UNAVAILABLE, "cannot keep the token in " + file + ": " + e.getMessage());
        }
        return token;
    }

    private Optional<ObjectNode> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) Json.MAPPER.readTree(file.toFile()));
        } catch (IOException | ClassCastException e) {
            throw new CliException(Exit.FORBIDDEN, "the token file " + file + " is damaged: run numreg-cli login");
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
