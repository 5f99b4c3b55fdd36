package org.numreg.devinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus application under test at the real servers of this test JVM
 * ({@link TestInfra#shared()}), with a database and a changes topic of its own.
 */
public class NumregInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestInfra infra = TestInfra.shared().startAll();
        String database = infra.newDatabase("app");
        return Map.of(
                "quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(database),
                "quarkus.datasource.username", PostgresServer.USER,
                "kafka.bootstrap.servers", infra.kafka().bootstrapServers(),
                "quarkus.oidc.auth-server-url", infra.keycloak().realmUrl(),
                "numreg.registrar.changes-topic", database + ".numreg.changes",
                // The registrar's own service account, for the services that submit commands (registry-client).
                "quarkus.oidc-client.credentials.secret", infra.secrets().clientSecret("r1"));
    }

    @Override
    public void stop() {
        // The servers outlive each application under test; TestInfra stops them when the JVM exits.
    }
}
