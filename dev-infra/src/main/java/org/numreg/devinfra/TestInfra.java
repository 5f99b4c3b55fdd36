package org.numreg.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PostgreSQL, Kafka and Keycloak for one test JVM: started once, at first use, on free ports,
 * with fresh data and random secrets; stopped when the JVM exits, also after a failed test.
 * Tests share the servers and isolate themselves by database and topic names.
 */
public final class TestInfra implements AutoCloseable {

    private static TestInfra shared;

    private final Path dir;
    private final Realm.Secrets secrets;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final KeycloakServer keycloak;
    private final AtomicInteger databases = new AtomicInteger();

    private TestInfra(Path dir, Realm.Secrets secrets, PostgresServer postgres, KafkaBroker kafka,
                      KeycloakServer keycloak) {
        this.dir = dir;
        this.secrets = secrets;
        this.postgres = postgres;
        this.kafka = kafka;
        this.keycloak = keycloak;
    }

    /** The servers of this JVM, started on the first call. */
    public static synchronized TestInfra shared() {
        if (shared == null) {
            shared = start(workDir());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "numreg-test-infra-stop"));
        }
        return shared;
    }

    /** Starts a private set of servers under dir; the caller closes it. */
    public static TestInfra start(Path where) {
        Path dir = where.toAbsolutePath();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Realm.Secrets secrets = Realm.Secrets.random();
            PostgresServer postgres = PostgresServer.start(dir.resolve("postgres"), 0, false, dir.resolve("postgres.log"));
            started.add(postgres);
            postgres.createDatabase("keycloak");
            KafkaBroker kafka = KafkaBroker.launch(dir.resolve("kafka"), Ports.free(), Ports.free(), "256m");
            started.add(kafka);
            KeycloakServer keycloak = KeycloakServer.launch(Ports.free(), Ports.free(), postgres.jdbcUrl("keycloak"),
                    secrets.environment(), "400m", dir.resolve("keycloak.log"));
            started.add(keycloak);
            kafka.awaitReady();
            keycloak.awaitReady();
            return new TestInfra(dir, secrets, postgres, kafka, keycloak);
        } catch (IOException | RuntimeException e) {
            stopAll(started);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public Realm.Secrets secrets() {
        return secrets;
    }

    /** A new, empty database of its own for a test or an application under test. */
    public String newDatabase(String prefix) {
        String name = prefix + "_" + databases.incrementAndGet();
        postgres.createDatabase(name);
        return name;
    }

    /** A demo user's access token (sysadmin, alice, bob). */
    public String accessToken(String user) {
        return new Tokens(keycloak.realmUrl()).forUser(user, secrets.password(user));
    }

    /** A registrar's service-account token (r1, r2, r3). */
    public String registrarToken(String registrar) {
        return new Tokens(keycloak.realmUrl())
                .forClient(Realm.registrarClient(registrar), secrets.clientSecret(registrar));
    }

    @Override
    public void close() {
        stopAll(List.of(postgres, kafka, keycloak));
        try {
            // Logs stay for reading after a failure; data goes.
            Folders.delete(dir.resolve("postgres"));
            Folders.delete(dir.resolve("kafka").resolve("data"));
        } catch (IOException e) {
            System.err.println("could not delete test data under " + dir + ": " + e);
        }
    }

    private static void stopAll(List<AutoCloseable> servers) {
        for (AutoCloseable server : servers.reversed()) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("could not stop " + server + ": " + e);
            }
        }
    }

    /** target/numreg-infra of the module under test when there is one, else a temporary folder. */
    private static Path workDir() {
        try {
            Path target = Path.of("target");
            return Files.isDirectory(target)
                    ? Files.createTempDirectory(target, "numreg-infra-")
                    : Files.createTempDirectory("numreg-infra-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
