package org.numreg.devinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL (zonky's embedded binaries) listening on loopback. One server holds many
 * databases: one per service and registrar, or one per test.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * @param dataDir  where the cluster lives
     * @param port     0 for any free port
     * @param keepData true to reuse the cluster found in dataDir (the local registry), false to start empty
     */
    public static PostgresServer start(Path dataDir, int port, boolean keepData, Path log) {
        try {
            Files.createDirectories(log.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!keepData)
                    .setPort(port == 0 ? Ports.free() : port)
                    // 15 services with small pools, Keycloak and the tests' own connections.
                    .setServerConfig("max_connections", "400")
                    .setServerConfig("shared_buffers", "64MB")
                    .setServerConfig("fsync", keepData ? "on" : "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    .start();
            return new PostgresServer(postgres, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir + " (log: " + log + ")", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /**
     * Brings a database's schema up to date with Flyway from the classpath {@code locations}
     * (e.g. db/registry), as the services do at start: Flyway is the schema's only owner.
     */
    public void migrate(String database, String... locations) {
        org.flywaydb.core.Flyway.configure().dataSource(postgres.getDatabase(USER, database))
                .locations(java.util.Arrays.stream(locations).map(l -> "classpath:" + l).toArray(String[]::new))
                .load().migrate();
    }

    public Connection connect(String database) throws SQLException {
        return postgres.getDatabase(USER, database).getConnection();
    }

    /** The postmaster's process (it runs detached from this JVM, started by pg_ctl). */
    public ProcessHandle process() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("postmaster " + pid + " gone"));
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running in " + dataDir, e);
        }
    }

    /** Stops the server and returns once its postmaster has exited. */
    @Override
    public void close() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        ProcessHandle postmaster = process();
        try {
            postgres.close();
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not stop: " + postmaster.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
