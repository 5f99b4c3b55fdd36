package org.numreg.client.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.codec.PrincipalHeaders;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Principal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Hands commands to this registrar's consensus-service (POST /v1/commands) and waits until they
 * are committed and applied. A rejection comes back as {@link CommandRefused} with its reason.
 */
@ApplicationScoped
public class ConsensusClient {

    private final URI commands;
    private final RegistrarToken token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    ConsensusClient(@ConfigProperty(name = "numreg.consensus.url") URI consensus, RegistrarToken token) {
        this.commands = consensus.resolve("/v1/commands");
        this.token = token;
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
        byte[] body = RegistryJson.write(command);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response = send(body, principal);
            if (response.statusCode() == 401 && attempt == 1) {
                token.forget();
                continue;
            }
            if (response.statusCode() == 200) {
                return RegistryJson.read(response.body(), Committed.class);
            }
            throw CommandRefused.of(response.statusCode(), problem(response.body()));
        }
    }

    private HttpResponse<byte[]> send(byte[] body, Optional<Principal> principal) {
        HttpRequest.Builder request = HttpRequest.newBuilder(commands)
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token.get())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        principal.ifPresent(p -> {
            request.header(PrincipalHeaders.NAME, PrincipalHeaders.encode(p.name()));
            if (p.id() != null) {
                request.header(PrincipalHeaders.ID, PrincipalHeaders.encode(p.id()));
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw CommandRefused.unavailable("the registrar's consensus-service cannot be reached: " + e.getMessage());
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
