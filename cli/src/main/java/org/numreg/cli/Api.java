package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/** One registrar's services, called with the profile's token. */
public final class Api {

    /** Whether a call sends the token: never, when there is one, or only with one. */
    public enum Auth { NONE, OPTIONAL, REQUIRED }

    private final Profile profile;
    private final String registrar;
    private final Tokens tokens;
    private final Http http;

    public Api(Profile profile, String registrar, Tokens tokens, Http http) {
        if (!profile.registrars().contains(registrar)) {
            throw new CliException(Exit.BAD_INPUT, "profile " + profile.name() + " has no registrar " + registrar
                    + " (it has " + String.join(", ", profile.registrars()) + ")");
        }
        this.profile = profile;
        this.registrar = registrar;
        this.tokens = tokens;
        this.http = http;
    }

    public String registrar() {
        return registrar;
    }

    /** The same login at another registrar of the profile. */
    public Api at(String other) {
        return new Api(profile, other, tokens, http);
    }

    public Http.Reply get(Profile.Service service, String path, Auth auth, Map<String, String> headers) {
        URI uri = uri(service, path);
        Map<String, String> all = new HashMap<>(headers);
        authorize(all, auth);
        return http.send("GET", uri, all, null);
    }

    public Http.Reply get(Profile.Service service, String path, Auth auth) {
        return get(service, path, auth, Map.of());
    }

    /** A write: with the caller's token and an idempotency key, so that it may be sent again safely. */
    public Http.Reply write(String method, Profile.Service service, String path, JsonNode body, String idempotencyKey) {
        URI uri = uri(service, path);
        Map<String, String> headers = new HashMap<>();
        authorize(headers, Auth.REQUIRED);
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return http.send(method, uri, headers, body);
    }

    public InputStream stream(Profile.Service service, String path, Auth auth) {
        URI uri = uri(service, path);
        Map<String, String> headers = new HashMap<>();
        authorize(headers, auth);
        return http.stream(uri, headers);
    }

    private void authorize(Map<String, String> headers, Auth auth) {
        switch (auth) {
            case REQUIRED -> headers.put("Authorization", "Bearer " + tokens.requireAccessToken());
            case OPTIONAL -> tokens.accessToken().ifPresent(token -> headers.put("Authorization", "Bearer " + token));
            case NONE -> { }
        }
    }

    private URI uri(Profile.Service service, String path) {
        return URI.create(profile.url(registrar, service) + path);
    }

    /** A path segment as typed (a number's leading + stays: it is allowed in a path). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%2B", "+");
    }

    /** {@code ?a=1&b=2} of names and values in turn, those without a value left out; empty without any. */
    public static String query(Object... namesAndValues) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                query.add(namesAndValues[i] + "=" + URLEncoder.encode(namesAndValues[i + 1].toString(), StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }
}
