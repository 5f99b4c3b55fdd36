package org.numreg.devinfra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Keycloak, started from the built distribution, with its data in a PostgreSQL
 * database and the numreg realm imported at first start (an existing realm is kept).
 */
public final class KeycloakServer implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private KeycloakServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Keycloak; {@link #awaitReady()} waits until the realm is served.
     *
     * @param jdbcUrl   Keycloak's own database
     * @param realmEnv  the values of the realm file's placeholders (passwords, client secrets)
     */
    public static KeycloakServer launch(int port, int managementPort, String jdbcUrl,
                                        Map<String, String> realmEnv, String heap, Path log) {
        Path home = KeycloakDistribution.home();
        Realm.writeImportFiles(home.resolve("data").resolve("import"));
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--hostname-strict=false", "--http-host=127.0.0.1",
                "--http-port=" + port, "--http-management-port=" + managementPort,
                "--db-url=" + jdbcUrl, "--db-username=" + PostgresServer.USER, "--db-password=unused",
                "--db-pool-max-size=20", "--import-realm",
                // One node: no JGroups cluster (a run-time option; "kc.sh build" ignores it).
                "--cache=local");
        Map<String, String> env = new HashMap<>(realmEnv);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx" + heap);
        return new KeycloakServer(ChildProcess.start("keycloak", command, env, home, log), port);
    }

    public KeycloakServer awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // The realm import finishes after the port opens: ask for the realm, not the port.
        HttpRequest discovery = HttpRequest.newBuilder(
                URI.create(realmUrl() + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build();
        Await.ready(process, Duration.ofMinutes(3),
                () -> http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return this;
    }

    public int port() {
        return port;
    }

    /** The issuer of the numreg realm: what the services' quarkus.oidc.auth-server-url points at. */
    public String realmUrl() {
        return baseUrl() + "/realms/" + Realm.NAME;
    }

    /** Where the admin REST API and the master realm are. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
