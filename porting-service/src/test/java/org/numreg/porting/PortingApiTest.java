package org.numreg.porting;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.numreg.client.testing.PublishedLog;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * porting-service's reads, validation and authorization through its HTTP API with real Keycloak
 * tokens, fed by real events on Kafka. Ports that commit (PIN checks, lockout) run against real
 * consensus-services in system-tests.
 */
@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class PortingApiTest {

    static final String NUMBER = "+12125550100";
    static PublishedLog log;

    @BeforeAll
    static void publishARegistry() {
        log = PublishedLog.onThisServicesTopic();
        log.commit(new Command.RegisterOcn("o1", Ocn.of("1510"), "Lakeside Telephone", null));
        log.commit(new Command.RegisterOcn("o2", Ocn.of("0042"), "Harbor Mobile", null));
        log.commit(new Command.OpenRange("r1", Prefix.of("+1212555"), 0));
        log.commit(new Command.AllocateNumber("a1", Ocn.of("0042"), E164.of(NUMBER), null, null));
        log.commit(new Command.SetPin("p1", Ocn.of("0042"), E164.of(NUMBER),
                "$2b$10$abcdefghijklmnopqrstuuJ5oX8b2c8aV7vY3p6mCq1dQ0yWm5Uu2"));
        log.commit(new Command.PortNumber("port1", E164.of(NUMBER), Ocn.of("1510"), 2));
        log.commit(new Command.SetPortProtection("lock1", Ocn.of("1510"), E164.of(NUMBER), true));
    }

    @AfterAll
    static void close() {
        log.close();
    }

    static RequestSpecification as(String user) {
        RequestSpecification request = given().queryParam("minPosition", log.position());
        return user == null ? request : request.auth().oauth2(TestInfra.shared().accessToken(user));
    }

    @Test
    void bothOcnsSeeThePortTheLosingOneAsANumberLeaving() {
        for (String user : new String[] {"alice", "bob", "sysadmin"}) {
            String ocn = user.equals("alice") ? "1510" : "0042";
            as(user).get("/v1/ports?ocn=" + ocn).then().statusCode(200)
                    .body("$", hasSize(1))
                    .body("[0].number", equalTo(NUMBER))
                    .body("[0].losingOcn", equalTo("0042"))
                    .body("[0].gainingOcn", equalTo("1510"))
                    .body("[0].status", equalTo("completed"))
                    .body("[0].portId", equalTo("port1"))
                    .body("[0].requestedPosition", equalTo(6));
        }
        as("alice").get("/v1/ports?ocn=0042").then().statusCode(403);
        as(null).get("/v1/ports?ocn=0042").then().statusCode(401);
    }

    @Test
    void theHoldersAdminSeesTheNumbersPortStatus() {
        as("alice").get("/v1/numbers/" + NUMBER + "/ports").then().statusCode(200)
                .body("ocn", equalTo("1510"))
                .body("portProtected", equalTo(true))
                .body("pinSet", equalTo(false))
                .body("ports.gainingOcn", contains("1510"));
        as("bob").get("/v1/numbers/" + NUMBER + "/ports").then().statusCode(403);
    }

    @Test
    void portsAreForTheGainingOcnsAdminsWithAWellFormedPin() {
        as("alice").contentType("application/json")
                .body("{\"number\":\"" + NUMBER + "\",\"gainingOcn\":\"0042\",\"pin\":\"123456\"}")
                .post("/v1/ports").then().statusCode(403).body("detail", equalTo("you do not administer OCN 0042"));
        as("bob").contentType("application/json")
                .body("{\"number\":\"" + NUMBER + "\",\"gainingOcn\":\"0042\",\"pin\":\"12\"}")
                .post("/v1/ports").then().statusCode(400).body("errors[0].field", equalTo("pin"));
        as("bob").contentType("application/json")
                .body("{\"number\":\"+1212\",\"gainingOcn\":\"0042\",\"pin\":\"123456\"}")
                .post("/v1/ports").then().statusCode(400).body("errors[0].field", equalTo("number"));
        as("bob").contentType("application/json")
                .body("{\"number\":\"+12125550199\",\"gainingOcn\":\"0042\",\"pin\":\"123456\"}")
                .post("/v1/ports").then().statusCode(404);
        as("sysadmin").contentType("application/json")
                .body("{\"number\":\"" + NUMBER + "\",\"gainingOcn\":\"0042\",\"pin\":\"123456\"}")
                .post("/v1/ports").then().statusCode(403);
        as(null).contentType("application/json").body("{}").post("/v1/ports").then().statusCode(401);
    }

    @Test
    void onlyTheHoldersAdminsLockANumberAgainstPorts() {
        as("bob").contentType("application/json").body("{\"protect\":false}")
                .put("/v1/numbers/" + NUMBER + "/port-protection").then().statusCode(403);
        // alice holds it now: allowed, and with no consensus-service here the write is a 503 that changed nothing.
        as("alice").contentType("application/json").body("{\"protect\":false}")
                .put("/v1/numbers/" + NUMBER + "/port-protection").then().statusCode(503)
                .header("Retry-After", "1");
        as("alice").get("/v1/numbers/" + NUMBER + "/ports").then().body("portProtected", equalTo(true));
    }
}
