package org.numreg.devinfra;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every numreg service must show before it has any business endpoint: it is up against
 * real PostgreSQL and Kafka, Flyway made its schema, and only tokens of the numreg realm get in.
 * Each service's test extends it (a concrete {@code @QuarkusTest} with {@link NumregInfraResource}).
 */
public abstract class ServiceWiringTest {

    /** Tables the service's own Flyway migrations make, besides the shared projection_checkpoint. */
    protected List<String> ownTables() {
        return List.of();
    }

    @Test
    void readinessIsUpAndChecksDatabaseAndKafka() throws InterruptedException {
        // A service may need a moment after start (consensus-service: electing a leader).
        for (int i = 0; i < 120 && given().get("/q/health/ready").statusCode() != 200; i++) {
            Thread.sleep(250);
        }
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check",
                        "numreg registrar"))
                .body("checks.find { it.name == 'numreg registrar' }.data.changesTopic",
                        equalTo(ConfigProvider.getConfig().getValue("numreg.registrar.changes-topic", String.class)));
    }

    @Test
    void flywayCreatedTheSchema() throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection db = DriverManager.getConnection(url, PostgresServer.USER, "")) {
            ResultSet failed = db.createStatement().executeQuery(
                    "SELECT count(*) FILTER (WHERE success), count(*) FILTER (WHERE NOT success) FROM flyway_schema_history");
            failed.next();
            assertTrue(failed.getInt(1) >= 1, "no migration applied");
            assertEquals(0, failed.getInt(2), "a migration failed");
            List<String> tables = new ArrayList<>();
            ResultSet rows = db.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"});
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME"));
            }
            List<String> expected = new ArrayList<>(ownTables());
            expected.add("projection_checkpoint");
            assertTrue(tables.containsAll(expected), "tables " + tables + " lack some of " + expected);
        }
    }

    @Test
    void protectedPathWithoutTokenIsRefused() {
        given().get("/v1/anything").then().statusCode(401);
    }

    @Test
    void tokenSignedByAnotherIssuerIsRefused() {
        String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6Im51bXJlZyIsIm9jbnMiOlsiMTUxMCJdfQ."
                + "c2lnbmF0dXJlLW5vdC1mcm9tLWtleWNsb2Fr";
        given().auth().oauth2(forged).get("/v1/anything").then().statusCode(401);
    }

    @Test
    void realmTokenGetsPastAuthentication() {
        // No business endpoint exists yet: past authentication, the answer is a 404 problem.
        given().auth().oauth2(TestInfra.shared().accessToken("alice")).get("/v1/anything").then()
                .statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body("status", equalTo(404));
    }

    @Test
    void aTokenVerifiedBeforeIsKeptButNoAlteredCopyOfIt() {
        String token = TestInfra.shared().accessToken("alice");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/v1/anything").then().statusCode(404);
        }
        String[] parts = token.split("\\.");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherClaims = base64.encodeToString(payload.replace("\"alice\"", "\"mallory\"")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(!otherClaims.equals(parts[1]), "the token names alice");
        given().auth().oauth2(parts[0] + "." + otherClaims + "." + parts[2]).get("/v1/anything").then()
                .statusCode(401);
        String otherSignature = parts[2].substring(1) + (parts[2].charAt(0) == 'A' ? "B" : "A");
        given().auth().oauth2(parts[0] + "." + parts[1] + "." + otherSignature).get("/v1/anything").then()
                .statusCode(401);
    }

    @Test
    void metricsAndApiDescriptionArePublic() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }
}
