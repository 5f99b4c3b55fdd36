package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The registry over HTTP: a refusal becomes a {@link Problem}, an unreachable server {@link Exit#UNAVAILABLE}. */
public final class Http {

    /** What a service answered: its status, the log position it answered at, and the body. */
    public record Reply(int status, Long position, JsonNode body) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** An OIDC endpoint's form POST; its JSON answer. */
    JsonNode form(URI uri, Map<String, String> form) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(formBody(form)).build();
        return send(request).body();
    }

    private static HttpRequest.BodyPublisher formBody(Map<String, String> form) {
        return HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    Reply send(String method, URI uri, Map<String, String> headers, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.compact(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A streamed answer (NDJSON), read as it arrives; the caller closes it. */
    InputStream stream(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "application/x-ndjson");
        headers.forEach(request::header);
        HttpResponse<InputStream> response = exchange(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            try (InputStream body = response.body()) {
                throw new Problem(response.statusCode(), Json.parse(body.readAllBytes()), uri.toString());
            } catch (IOException e) {
                throw unreachable(uri, e);
            }
        }
        return response.body();
    }

    private Reply send(HttpRequest request) {
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = Json.parse(response.body());
        if (response.statusCode() >= 400) {
            throw new Problem(response.statusCode(), body, request.method() + " " + request.uri());
        }
        Long position = response.headers().firstValue("Numreg-Position").map(Long::parseLong).orElse(null);
        return new Reply(response.statusCode(), position, body);
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw unreachable(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.UNAVAILABLE, "interrupted");
        }
    }

    private static CliException unreachable(URI uri, IOException e) {
        String why = e instanceof java.net.ConnectException ? "connection refused"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliException(Exit.UNAVAILABLE, "cannot reach " + uri.getScheme() + "://" + uri.getAuthority()
                + ": " + why);
    }
}
