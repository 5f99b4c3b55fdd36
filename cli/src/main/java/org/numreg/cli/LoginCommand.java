package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

@Command(name = "login", description = {
        "Log in to the profile's registry; the token is kept (mode 0600) and renewed by itself.",
        "  login                     a person, on any device: open the URL shown and confirm the code",
        "  login USER                a demo user of the local registry (password grant, local only)",
        "  login --client-id ID      a machine (client credentials grant)"})
final class LoginCommand extends Action {

    @Parameters(arity = "0..1", paramLabel = "USER", description = "a user of the local registry (sysadmin, alice, bob)")
    String user;

    @Option(names = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Option(names = "--client-id", paramLabel = "ID", description = "log in as this OIDC client (client credentials)")
    String clientId;

    @Option(names = "--client-secret-file", paramLabel = "FILE", description = "the client's secret, in a file")
    Path secretFile;

    @Option(names = "--client-secret-stdin", description = "read the client's secret from standard input")
    boolean secretStdin;

    @Override
    public Integer call() throws Exception {
        Tokens tokens = cli().tokens();
        JsonNode token;
        if (clientId != null) {
            token = tokens.client(clientId, clientSecret());
        } else if (user != null) {
            tokens.requireLocal();
            token = tokens.password(user, secret("password of " + user, passwordStdin, "--password-stdin"));
        } else {
            token = tokens.device(cli().err());
        }
        JsonNode claims = Tokens.claims(token.path("access_token").asText());
        ObjectNode who = Json.MAPPER.createObjectNode();
        who.put("profile", cli().profile().name());
        who.put("user", claims.path("preferred_username").asText(claims.path("azp").asText()));
        who.set("roles", numregRoles(claims));
        who.set("ocns", claims.path("ocns"));
        who.put("expires", Instant.ofEpochSecond(token.path("expires_at").asLong()).toString());
        cli().output().record(who);
        return Exit.OK;
    }

    /** The realm's own roles, without Keycloak's defaults every user has. */
    private static JsonNode numregRoles(JsonNode claims) {
        var roles = Json.MAPPER.createArrayNode();
        claims.at("/realm_access/roles").forEach(role -> {
            String name = role.asText();
            if (!name.startsWith("default-roles-") && !name.equals("offline_access") && !name.equals("uma_authorization")) {
                roles.add(name);
            }
        });
        return roles;
    }

    private String clientSecret() throws IOException {
        if (secretFile != null) {
            return Files.readString(secretFile).strip();
        }
        return secret("secret of client " + clientId, secretStdin, "--client-secret-stdin");
    }
}
