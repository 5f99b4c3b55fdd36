package org.numreg.client.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.codec.PrincipalHeaders;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Principal;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands commands to this registrar's consensus-service (POST /v1/commands) and waits until they
 * are committed and applied. A rejection comes back as {@link CommandRefused} with its reason.
 * The exchange runs on Vert.x's HTTP client (kept-alive connections, the service's event loop);
 * the calling worker thread waits for its answer.
 */
@ApplicationScoped
public class ConsensusClient {

    private static final String PATH = "/v1/commands";
    /** Longer than the consensus-service's own submit timeout (10 s), which answers 503 itself. */
    private static final long TIMEOUT_MILLIS = 15_000;

    private final RegistrarToken token;
    private final HttpClient http;

    ConsensusClient(@ConfigProperty(name = "numreg.consensus.url") URI consensus, RegistrarToken token, Vertx vertx) {
        this.token = token;
        boolean tls = "https".equals(consensus.getScheme());
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(consensus.getHost())
                .setDefaultPort(consensus.getPort() > 0 ? consensus.getPort() : tls ? 443 : 80)
                .setSsl(tls)
                .setConnectTimeout(5_000)
                .setKeepAlive(true)
                // a connection per submission waiting for its commit: as many as the service has workers
                .setMaxPoolSize(256));
    }

    /** Submits {@code command}, asked for by {@code principal} (who goes into the log with it). */
    public Committed submit(Command command, Principal principal) {
        return submit(command, Optional.of(principal));
    }

    /** Submits a command this service asks for by itself (a due port): the log names its service account. */
    public Committed submitOnOwnBehalf(Command command) {
        return submit(command, Optional.empty());
    }

    private Committed submit(Command command, Optional<Principal> principal) {
        if (Context.isOnEventLoopThread()) {
            // Its answer would come on this very thread, which would be waiting for it.
            throw new IllegalStateException("a submission waits for its commit: submit from a worker thread");
        }
        Buffer body = Buffer.buffer(RegistryJson.write(command));
        for (int attempt = 1; ; attempt++) {
            Answer answer = send(body, principal);
            if (answer.status() == 401 && attempt == 1) {
                token.forget();
                continue;
            }
            if (answer.status() == 200) {
                return RegistryJson.read(answer.body(), Committed.class);
            }
            throw CommandRefused.of(answer.status(), problem(answer.body()));
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer send(Buffer body, Optional<Principal> principal) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(PATH)
                .setIdleTimeout(TIMEOUT_MILLIS)
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + token.get());
        principal.ifPresent(p -> {
            request.putHeader(PrincipalHeaders.NAME, PrincipalHeaders.encode(p.name()));
            if (p.id() != null) {
                request.putHeader(PrincipalHeaders.ID, PrincipalHeaders.encode(p.id()));
            }
        });
        try {
            return http.request(request)
                    .compose(exchange -> exchange.send(body))
                    .compose(response -> response.body().map(answer -> new Answer(response.statusCode(), answer.getBytes())))
                    .toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT_MILLIS + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw CommandRefused.unavailable("the registrar's consensus-service cannot be reached: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandRefused.unavailable("interrupted while waiting for the commit");
        }
    }

    private static JsonNode problem(byte[] body) {
        try {
            return RegistryJson.mapper().readTree(body);
        } catch (IOException e) {
            return RegistryJson.mapper().createObjectNode();
        }
    }
}
