package org.numreg.consensus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.PostgresServer;
import org.numreg.devinfra.TestInfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log does not grow without bound: decided slots far behind the applied one are compacted
 * away (the test configuration keeps 4 slots, compacts every 3 and puts one command in a slot).
 */
@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class CompactionTest {

    @Test
    void decidedSlotsBehindTheRetentionWindowAreCompacted() throws Exception {
        String token = TestInfra.shared().registrarToken("r1");
        for (int i = 0; i < 120 && given().get("/q/health/ready").statusCode() != 200; i++) {
            Thread.sleep(250);
        }
        for (int i = 0; i < 20; i++) {
            given().auth().oauth2(token).contentType("application/json")
                    .body("{\"type\":\"register-ocn\",\"id\":\"compact-" + i + "\",\"ocn\":\"C" + String.format("%03d", i)
                            + "\",\"name\":\"Carrier " + i + "\"}")
                    .post("/v1/commands").then().statusCode(200);
        }
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection db = DriverManager.getConnection(url, PostgresServer.USER, "")) {
            // One view of the tables: the registrar goes on deciding and compacting while they are read.
            db.setAutoCommit(false);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long snapshot = single(db, "SELECT coalesce(max(slot), 0) FROM paxos_snapshot");
            long kept = single(db, "SELECT count(*) FROM paxos_decided");
            long applied = single(db, "SELECT slot FROM log_head");
            assertThat(applied).isGreaterThanOrEqualTo(20);
            assertThat(snapshot).as("compacted through").isGreaterThan(10);
            assertThat(kept).as("decided slots kept").isLessThanOrEqualTo(4 + 3);
            assertThat(single(db, "SELECT min(slot) FROM paxos_decided")).isEqualTo(snapshot + 1);
        }
    }

    private static long single(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
