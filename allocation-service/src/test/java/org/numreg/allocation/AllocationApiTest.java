package org.numreg.allocation;

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
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * allocation-service's reads, validation and authorization through its HTTP API, with real
 * Keycloak tokens and a read model fed by real events on Kafka. Its consensus-service is not
 * running here (numreg.consensus.url points at a closed port): a write that gets past
 * validation and authorization answers 503; writes that commit are tested in system-tests.
 */
@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class AllocationApiTest {

    static PublishedLog log;

    @BeforeAll
    static void publishARegistry() {
        log = PublishedLog.onThisServicesTopic();
        log.commit(new Command.RegisterOcn("o1", Ocn.of("1510"), "Lakeside Telephone", null));
        log.commit(new Command.RegisterOcn("o2", Ocn.of("0042"), "Harbor Mobile", null));
        log.commit(new Command.OpenRange("r1", Prefix.of("+1212555"), 0));
        log.commit(new Command.OpenRange("r2", Prefix.of("+1312"), 0));
        log.commit(new Command.AllocateNumbers("a1", Ocn.of("1510"), Prefix.of("+1212555"), 5, null));
        log.commit(new Command.AllocateNumber("a2", Ocn.of("0042"), E164.of("+13125550100"), null, null));
        log.commit(new Command.AllocateBlock("b1", Ocn.of("1510"), Block.of("212-555-3")));
        log.commit(new Command.ReleaseNumber("x1", Ocn.of("1510"), E164.of("+12125550004")));
    }

    @AfterAll
    static void close() {
        log.close();
    }

    static String token(String user) {
        return TestInfra.shared().accessToken(user);
    }

    static RequestSpecification as(String user) {
        RequestSpecification request = given().queryParam("minPosition", log.position());
        return user == null ? request : request.auth().oauth2(token(user));
    }

    @Test
    void rangesShowAllocatedAndFreeCounts() {
        as("alice").get("/v1/ranges").then().statusCode(200)
                .body("prefix", contains("+1212555", "+1312"))
                .body("[0].size", equalTo(10_000))
                .body("[0].allocated", equalTo(4))
                .body("[0].free", equalTo(9_996))
                .body("[1].size", equalTo(8_000_000))
                .body("[1].allocated", equalTo(1));
    }

    @Test
    void ocnAdminsListTheirOwnNumbersAndBlocksOnly() {
        as("alice").get("/v1/numbers?ocn=1510&limit=3").then().statusCode(200)
                .body("items.number", contains("+12125550000", "+12125550001", "+12125550002"))
                .body("next", equalTo("+12125550002"));
        as("alice").get("/v1/numbers?ocn=1510&after=+12125550002").then().statusCode(200)
                .body("items.number", contains("+12125550003"));
        as("alice").get("/v1/blocks?ocn=1510").then().statusCode(200).body("block", contains("2125553"));
        as("bob").get("/v1/numbers?ocn=1510").then().statusCode(403)
                .contentType("application/problem+json").body("detail", equalTo("you do not administer OCN 1510"));
        as("alice").get("/v1/ocns").then().statusCode(200).body("ocn", hasItems("1510", "0042"));
    }

    @Test
    void badInputIsA400NamingTheField() {
        as("alice").contentType("application/json").body("{\"ocn\":\"1510\",\"number\":\"+1212\"}")
                .post("/v1/numbers").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("number"));
        as("alice").contentType("application/json").body("{\"ocn\":\"1510\"")
                .post("/v1/numbers").then().statusCode(400).contentType("application/problem+json");
        as("alice").contentType("application/json").body("{\"ocn\":\"15-0\",\"prefix\":\"+1212555\"}")
                .post("/v1/numbers").then().statusCode(400).body("errors[0].field", equalTo("ocn"));
        as("alice").contentType("application/json").body("{\"ocn\":\"1510\",\"prefix\":\"+1212555\",\"count\":0}")
                .post("/v1/numbers/bulk").then().statusCode(400).body("errors[0].field", equalTo("count"));
        as("alice").contentType("application/json").body("{\"pin\":\"12\"}")
                .put("/v1/numbers/+12125550000/pin").then().statusCode(400).body("errors[0].field", equalTo("pin"));
        as("alice").contentType("application/json").body("{\"ocn\":\"1510\",\"properties\":{\"cnam\":\"THIS NAME IS FAR TOO LONG\"}}")
                .put("/v1/numbers/+12125550000").then().statusCode(400).body("errors[0].field", equalTo("cnam"));
        as("alice").header("Idempotency-Key", "no spaces allowed").contentType("application/json")
                .body("{\"ocn\":\"1510\",\"prefix\":\"+1212555\"}").post("/v1/numbers").then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
        as("alice").contentType("application/json").body("{\"ocn\":\"1510\",\"name\":\"" + "x".repeat(70_000) + "\"}")
                .post("/v1/numbers").then().statusCode(413).contentType("application/problem+json")
                .body("detail", equalTo("the request body is larger than the 64 KB this service takes"));
    }

    /** Who may call what: each role against each endpoint, with real Keycloak tokens. */
    @Test
    void authorizationMatrix() {
        record Call(String method, String path, String body) {
        }
        Map<Call, List<String>> allowed = new LinkedHashMap<>();
        allowed.put(new Call("POST", "/v1/ranges", "{\"prefix\":\"+1415\"}"), List.of("sysadmin"));
        allowed.put(new Call("DELETE", "/v1/ranges/+1312", null), List.of("sysadmin"));
        allowed.put(new Call("GET", "/v1/ranges", null), List.of("sysadmin", "alice", "bob"));
        allowed.put(new Call("POST", "/v1/ocns", "{\"ocn\":\"7777\",\"name\":\"New\"}"), List.of("sysadmin"));
        allowed.put(new Call("PUT", "/v1/ocns/1510", "{\"name\":\"Lakeside\"}"), List.of("sysadmin"));
        allowed.put(new Call("GET", "/v1/ocns", null), List.of("sysadmin", "alice", "bob"));
        allowed.put(new Call("POST", "/v1/numbers", "{\"ocn\":\"1510\",\"prefix\":\"+1212555\"}"), List.of("alice"));
        allowed.put(new Call("POST", "/v1/numbers/bulk", "{\"ocn\":\"0042\",\"prefix\":\"+1312\",\"count\":2}"),
                List.of("bob"));
        allowed.put(new Call("POST", "/v1/blocks", "{\"ocn\":\"1510\",\"block\":\"212-555-7\"}"), List.of("alice"));
        allowed.put(new Call("GET", "/v1/blocks?ocn=1510", null), List.of("alice"));
        allowed.put(new Call("GET", "/v1/numbers?ocn=0042", null), List.of("bob"));
        allowed.put(new Call("PUT", "/v1/numbers/+12125550000", "{\"properties\":{}}"), List.of("alice"));
        allowed.put(new Call("PUT", "/v1/numbers/+13125550100/pin", "{\"pin\":\"123456\"}"), List.of("bob"));
        allowed.put(new Call("DELETE", "/v1/numbers/+12125550001", null), List.of("alice"));
        allowed.put(new Call("GET", "/v1/read-model", null), List.of("sysadmin", "alice", "bob"));
        allowed.put(new Call("POST", "/v1/read-model/rebuild", null), List.of("sysadmin"));

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Call, List<String>> entry : allowed.entrySet()) {
            Call call = entry.getKey();
            for (String user : new String[] {null, "sysadmin", "alice", "bob"}) {
                RequestSpecification request = as(user).contentType("application/json");
                if (call.body() != null) {
                    request = request.body(call.body());
                }
                int status = request.request(call.method(), call.path()).statusCode();
                boolean mayCall = user != null && entry.getValue().contains(user);
                boolean ok = mayCall ? status != 401 && status != 403 : status == (user == null ? 401 : 403);
                if (!ok) {
                    wrong.add(call.method() + " " + call.path() + " as " + user + ": " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }
}
