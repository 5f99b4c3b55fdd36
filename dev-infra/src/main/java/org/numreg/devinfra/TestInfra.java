package org.numreg.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PostgreSQL, Kafka and Keycloak for one test JVM: each started at its first use, on free ports,
 * with fresh data and random secrets; all stopped when the JVM exits, also after a failed test.
 * Tests share the servers and isolate themselves by database and topic names. A module that needs
 * only a database never starts Kafka or Keycloak.
 */
public final class TestInfra implements AutoCloseable {

    private static final String KEYCLOAK_ADMIN = "numreg-test-admin";

    private static TestInfra shared;

    private final Path dir;
    private final Realm.Secrets secrets = Realm.Secrets.random();
    private final String keycloakAdminPassword = Realm.Secrets.randomSecret();
    private final AtomicInteger databases = new AtomicInteger();
    private final List<AutoCloseable> started = new ArrayList<>();
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private KeycloakServer keycloak;

    private TestInfra(Path dir) {
        this.dir = dir;
    }

    /** The servers of this JVM. */
    public static synchronized TestInfra shared() {
        if (shared == null) {
            shared = new TestInfra(workDir());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "numreg-test-infra-stop"));
        }
        return shared;
    }

    /** A private set of servers under dir, all started now; the caller closes it. */
    public static TestInfra start(Path where) {
        TestInfra infra = new TestInfra(where.toAbsolutePath());
        try {
            infra.startAll();
            return infra;
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    /** Starts whatever is not running yet, Kafka and Keycloak side by side. */
    public synchronized TestInfra startAll() {
        PostgresServer db = postgres();
        KafkaBroker broker = kafka == null ? launchKafka() : null;
        KeycloakServer idp = keycloak == null ? launchKeycloak(db) : null;
        if (broker != null) {
            kafka = broker.awaitReady();
        }
        if (idp != null) {
            keycloak = idp.awaitReady();
        }
        return this;
    }

    public synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = track(PostgresServer.start(dir.resolve("postgres"), 0, false, dir.resolve("postgres.log")));
        }
        return postgres;
    }

    public synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = launchKafka().awaitReady();
        }
        return kafka;
    }

    public synchronized KeycloakServer keycloak() {
        if (keycloak == null) {
            keycloak = launchKeycloak(postgres()).awaitReady();
        }
        return keycloak;
    }

    private KafkaBroker launchKafka() {
        return track(KafkaBroker.launch(dir.resolve("kafka"), Ports.free(), Ports.free(), "256m"));
    }

    private KeycloakServer launchKeycloak(PostgresServer db) {
        db.createDatabase("keycloak");
        // Tests may manage the realm (users, brute-force state) as an administrator would; the
        // local registry has no such account.
        Map<String, String> env = new HashMap<>(secrets.environment());
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KEYCLOAK_ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", keycloakAdminPassword);
        return track(KeycloakServer.launch(Ports.free(), Ports.free(), db.jdbcUrl("keycloak"), env,
                "400m", dir.resolve("keycloak.log")));
    }

    private <T extends AutoCloseable> T track(T server) {
        started.add(server);
        return server;
    }

    public Realm.Secrets secrets() {
        return secrets;
    }

    /** A new, empty database of its own for a test or an application under test. */
    public String newDatabase(String prefix) {
        String name = prefix + "_" + databases.incrementAndGet();
        postgres().createDatabase(name);
        return name;
    }

    /** A demo user's access token (sysadmin, alice, bob). */
    public String accessToken(String user) {
        return new Tokens(keycloak().realmUrl()).forUser(user, secrets.password(user));
    }

    /** A token of Keycloak's administrator, for the admin REST API ({@link KeycloakServer#baseUrl()}/admin). */
    public String keycloakAdminToken() {
        return new Tokens(keycloak().baseUrl() + "/realms/master").forAdmin(KEYCLOAK_ADMIN, keycloakAdminPassword);
    }

    /** A registrar's service-account token (r1, r2, r3). */
    public String registrarToken(String registrar) {
        return new Tokens(keycloak().realmUrl())
                .forClient(Realm.registrarClient(registrar), secrets.clientSecret(registrar));
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable server : started.reversed()) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("could not stop " + server + ": " + e);
            }
        }
        started.clear();
        try {
            // Logs stay for reading after a failure; data goes.
            Folders.delete(dir.resolve("postgres"));
            Folders.delete(dir.resolve("kafka").resolve("data"));
        } catch (IOException e) {
            System.err.println("could not delete test data under " + dir + ": " + e);
        }
    }

    /** target/numreg-infra-* of the module under test when there is one, else a temporary folder. */
    private static Path workDir() {
        try {
            Path target = Path.of("target");
            return (Files.isDirectory(target)
                    ? Files.createTempDirectory(target, "numreg-infra-")
                    : Files.createTempDirectory("numreg-infra-")).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
