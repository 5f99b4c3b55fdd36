package org.numreg.whois;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.numreg.client.testing.PublishedLog;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Location;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberType;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.ServiceIndicator;

import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * whois through its HTTP API, fed by real events on a real Kafka topic (the state machine's own
 * output, as consensus-service publishes it), with real Keycloak tokens: alice administers OCN
 * 1510, bob OCN 0042, sysadmin is a system admin.
 */
@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class WhoisApiTest {

    static final String NUMBER = "+12125550100";
    static final AtomicInteger IDS = new AtomicInteger();
    static PublishedLog log;
    static long pinSetAt;

    @BeforeAll
    static void publishARegistry() {
        log = PublishedLog.onThisServicesTopic();
        log.commit(new Command.RegisterOcn(id(), Ocn.of("1510"), "Lakeside Telephone", "noc@lakeside.example"));
        log.commit(new Command.RegisterOcn(id(), Ocn.of("0042"), "Harbor Mobile", null));
        log.commit(new Command.OpenRange(id(), Prefix.of("+1212555"), 0));
        log.commit(new Command.AllocateNumber(id(), Ocn.of("1510"), E164.of(NUMBER), null, new NumberProperties(
                "LAKESIDE", "Ann Example", new Location("1 Main St", "10001"), NumberType.MOBILE,
                ServiceIndicator.PRIVATE, null, null, null)));
        pinSetAt = log.commit(new Command.SetPin(id(), Ocn.of("1510"), E164.of(NUMBER),
                "$2b$10$abcdefghijklmnopqrstuuJ5oX8b2c8aV7vY3p6mCq1dQ0yWm5Uu2")).position();
        log.commit(new Command.AllocateNumbers(id(), Ocn.of("0042"), Prefix.of("+1212555"), 3,
                new NumberProperties(null, null, new Location(null, "10002"), NumberType.VOIP, null, null, null, null)));
    }

    @AfterAll
    static void close() {
        log.close();
    }

    static String id() {
        return "whois-test-" + IDS.incrementAndGet();
    }

    static String token(String user) {
        return TestInfra.shared().accessToken(user);
    }

    ValidatableResponse lookup(String token) {
        var request = given().queryParam("minPosition", log.position());
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return request.get("/v1/numbers/" + NUMBER).then();
    }

    @Test
    void anyoneSeesThePublicFieldsWithoutAToken() {
        lookup(null).statusCode(200)
                .header("Numreg-Position", notNullValue())
                .body("number", equalTo(NUMBER))
                .body("ocn", equalTo("1510"))
                .body("carrierName", equalTo("Lakeside Telephone"))
                .body("type", equalTo("MOBILE"))
                .body("lastChangePosition", org.hamcrest.Matchers.greaterThanOrEqualTo((int) pinSetAt))
                .body("full", equalTo(false))
                .body("properties", nullValue());
    }

    @Test
    void theNumbersOcnAdminAndSystemAdminsSeeEverythingOthersThePublicFields() {
        for (String user : new String[] {"alice", "sysadmin"}) {
            lookup(token(user)).statusCode(200)
                    .body("full", equalTo(true))
                    .body("properties.location.zip", equalTo("10001"))
                    .body("pinSet", equalTo(true))
                    .body("version", notNullValue())
                    .body("$", not(org.hamcrest.Matchers.hasKey("pinHash")));
        }
        lookup(token("bob")).statusCode(200).body("full", equalTo(false)).body("properties", nullValue());
    }

    @Test
    void unknownAndMalformedNumbersAreClearProblems() {
        given().get("/v1/numbers/+12125559999").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("+12125559999 is not allocated"));
        given().get("/v1/numbers/12345").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("number"));
        given().header("Numreg-Pin", "12ab").get("/v1/numbers/" + NUMBER).then().statusCode(400)
                .body("errors[0].field", equalTo("Numreg-Pin"));
    }

    @Test
    void searchNeedsATokenAndFiltersAndPages() {
        given().get("/v1/numbers?ocn=0042").then().statusCode(401);
        given().auth().oauth2(token("bob")).queryParam("minPosition", log.position())
                .get("/v1/numbers?ocn=0042&limit=2").then().statusCode(200)
                .body("items.number", contains("+12125550000", "+12125550001"))
                .body("items.full", everyItem(equalTo(true)))
                .body("next", equalTo("+12125550001"));
        given().auth().oauth2(token("bob")).get("/v1/numbers?ocn=0042&limit=2&after=+12125550001").then()
                .statusCode(200).body("items.number", contains("+12125550002")).body("next", nullValue());
        given().auth().oauth2(token("bob")).get("/v1/numbers?prefix=+1212555&zip=10001").then().statusCode(200)
                .body("items.number", contains(NUMBER)).body("items[0].full", equalTo(false));
        given().auth().oauth2(token("bob")).get("/v1/numbers?type=voip&prefix=+1212555").then().statusCode(200)
                .body("items.number", contains("+12125550000", "+12125550001", "+12125550002"));
        given().auth().oauth2(token("bob")).get("/v1/numbers?type=landline").then().statusCode(400)
                .body("errors[0].field", equalTo("type"));
    }

    @Test
    void historyShowsEveryChangeWithoutThePinHashToTheHoldersAdmins() {
        given().auth().oauth2(token("alice")).queryParam("minPosition", log.position())
                .get("/v1/numbers/" + NUMBER + "/history").then().statusCode(200)
                .body("type[0]", equalTo("org.numreg.number-allocated.v1"))
                .body("type[1]", equalTo("org.numreg.pin-set.v1"))
                .body("data[1].pinHash", nullValue())
                .body("data[1].version", equalTo(2));
        given().auth().oauth2(token("bob")).get("/v1/numbers/" + NUMBER + "/history").then().statusCode(403);
        given().get("/v1/numbers/" + NUMBER + "/history").then().statusCode(401);
    }

    @Test
    void aChangeIsVisibleAtOnceToReadsThatAskForItsPosition() {
        lookup(null).body("carrierName", equalTo("Lakeside Telephone"));
        for (int round = 0; round < 20; round++) {
            String name = "Lakeside Telephone " + round;
            log.commit(new Command.UpdateOcn(id(), Ocn.of("1510"), name, null));
            lookup(null).statusCode(200).body("carrierName", equalTo(name));
            log.commit(new Command.UpdateNumber(id(), Ocn.of("1510"), E164.of(NUMBER), new NumberProperties(
                    "LAKE" + round, null, new Location(null, "10001"), NumberType.MOBILE, null, null, null, null), null));
            lookup(token("alice")).statusCode(200).body("properties.cnam", equalTo("LAKE" + round));
        }
    }

    @Test
    void aPositionTheReadModelDoesNotReachIsA503() {
        given().queryParam("minPosition", 1_000_000_000L).get("/v1/numbers/" + NUMBER).then().statusCode(503)
                .header("Retry-After", "1").contentType("application/problem+json");
    }

    @Test
    void systemAdminsRebuildTheReadModelFromTheTopic() throws InterruptedException {
        given().auth().oauth2(token("alice")).post("/v1/read-model/rebuild").then().statusCode(403);
        given().auth().oauth2(token("sysadmin")).post("/v1/read-model/rebuild").then().statusCode(202);
        String alice = token("alice");
        for (int i = 0; i < 100 && given().auth().oauth2(alice).get("/v1/read-model").jsonPath().getLong("position")
                < log.position(); i++) {
            Thread.sleep(100);
        }
        given().auth().oauth2(alice).get("/v1/read-model").then().statusCode(200)
                .body("position", equalTo((int) log.position()));
        lookup(null).statusCode(200).body("carrierName", org.hamcrest.Matchers.startsWith("Lakeside Telephone"));
        given().auth().oauth2(alice).get("/v1/numbers/" + NUMBER + "/history").then().statusCode(200)
                .body("type[0]", equalTo("org.numreg.number-allocated.v1"));
    }
}
