package org.numreg.consensus;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.numreg.consensus.engine.ConsensusEngine;
import org.numreg.consensus.log.LogHead;
import org.numreg.consensus.log.StateSnapshot;
import org.numreg.consensus.messaging.ChangesPublisher;
import org.numreg.consensus.messaging.ChangesTopic;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.PostgresServer;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.state.JdbcRegistryStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A registrar's state as a peer hands it to one that is behind (consensus-service's snapshot
 * transfer): written from this registrar's database and topic, installed into an empty
 * registrar's database, it gives the same registry state, log head and events — and a damaged
 * or unconfirmed one changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class StateSnapshotTest {

    @Inject
    AgroalDataSource db;
    @Inject
    ConsensusEngine engine;
    @Inject
    ChangesPublisher publisher;
    @Inject
    ChangesTopic topic;

    private static byte[] snapshot;

    @BeforeEach
    void commitSomeCommandsAndTakeASnapshot() throws Exception {
        if (snapshot != null) {
            return;
        }
        for (int i = 0; i < 120 && given().get("/q/health/ready").statusCode() != 200; i++) {
            Thread.sleep(250);
        }
        String token = TestInfra.shared().registrarToken("r1");
        for (String command : List.of(
                "{\"type\":\"register-ocn\",\"id\":\"snap-1\",\"ocn\":\"SNAP\",\"name\":\"Snapshot Telephone\"}",
                "{\"type\":\"open-range\",\"id\":\"snap-2\",\"prefix\":\"+1299\",\"digits\":0}",
                "{\"type\":\"allocate-numbers\",\"id\":\"snap-3\",\"ocn\":\"SNAP\",\"prefix\":\"+1299\",\"count\":5}",
                "{\"type\":\"set-pin\",\"id\":\"snap-4\",\"ocn\":\"SNAP\",\"number\":\"+12992000001\","
                        + "\"pinHash\":\"$2b$10$abcdefghijklmnopqrstuuJ5oX8b2c8aV7vY3p6mCq1dQ0yWm5Uu2\"}")) {
            given().auth().oauth2(token).contentType("application/json").body(command).post("/v1/commands").then()
                    .statusCode(200);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection connection = db.getConnection()) {
            StateSnapshot.write(connection, 0, engine::membershipAfter,
                    position -> publisher.awaitPublished(position, Duration.ofSeconds(30)), topic, out);
        }
        snapshot = out.toByteArray();
    }

    @Test
    void anEmptyRegistrarInstallsTheSameStateHeadAndEvents() throws Exception {
        try (Connection source = db.getConnection(); Connection target = emptyRegistrar()) {
            LogHead sourceHead = LogHead.load(source);
            target.setAutoCommit(false);
            StateSnapshot.Installed installed = StateSnapshot.install(target, LogHead.load(target),
                    new ByteArrayInputStream(snapshot), (head, membership) -> { });
            target.commit();
            assertThat(installed.head().position()).isGreaterThanOrEqualTo(4);
            LogHead targetHead = LogHead.load(target);
            assertThat(targetHead.position()).isEqualTo(installed.head().position());
            assertThat(targetHead.hashHex()).isEqualTo(installed.head().hashHex());
            assertThat(sourceHead.position()).isGreaterThanOrEqualTo(targetHead.position());
            for (String table : JdbcRegistryStore.STATE_TABLES) {
                assertThat(rows(target, table)).as(table).isEqualTo(rowsThrough(source, table, targetHead.position()));
            }
            assertThat(rows(target, "SELECT count(DISTINCT position), min(position), max(position) FROM outbox"))
                    .as("every position's events, for the receiver's own topic")
                    .containsExactly("[" + targetHead.position() + ", 1, " + targetHead.position() + "]");
            assertThat(rows(target, "SELECT slot FROM paxos_snapshot")).containsExactly("[" + targetHead.slot() + "]");
        }
    }

    @Test
    void aCutOffOrUnconfirmedSnapshotChangesNothing() throws Exception {
        try (Connection target = emptyRegistrar()) {
            target.setAutoCommit(false);
            byte[] cut = Arrays.copyOf(snapshot, snapshot.length - 40);
            assertThatThrownBy(() -> StateSnapshot.install(target, LogHead.load(target), new ByteArrayInputStream(cut),
                    (head, membership) -> { })).isInstanceOf(IOException.class);
            target.rollback();
            assertThatThrownBy(() -> StateSnapshot.install(target, LogHead.load(target),
                    new ByteArrayInputStream(snapshot), (head, membership) -> {
                        throw new IOException("only node 2 confirms");
                    })).hasMessageContaining("only node 2 confirms");
            target.rollback();
            assertThat(LogHead.load(target).position()).isZero();
            assertThat(rows(target, "SELECT count(*) FROM number_record")).containsExactly("[0]");
            assertThat(rows(target, "SELECT count(*) FROM outbox")).containsExactly("[0]");
        }
    }

    /** A new registrar's consensus database: migrated, nothing applied. */
    private static Connection emptyRegistrar() throws SQLException {
        PostgresServer postgres = TestInfra.shared().postgres();
        String url = postgres.jdbcUrl(TestInfra.shared().newDatabase("snapshot_target"));
        Flyway.configure().dataSource(url, PostgresServer.USER, "")
                .locations("classpath:db/support", "classpath:db/registry", "classpath:db/migration").load().migrate();
        return DriverManager.getConnection(url, PostgresServer.USER, "");
    }

    /** A state table's rows as the source held them at a position (later commands may have followed). */
    private static List<String> rowsThrough(Connection source, String table, long position) throws SQLException {
        return rows(source, table.equals("applied_command")
                ? "SELECT * FROM applied_command WHERE position <= " + position + " ORDER BY 1" : table);
    }

    private static List<String> rows(Connection connection, String tableOrQuery) throws SQLException {
        String sql = tableOrQuery.startsWith("SELECT") ? tableOrQuery : "SELECT * FROM " + tableOrQuery + " ORDER BY 1";
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
