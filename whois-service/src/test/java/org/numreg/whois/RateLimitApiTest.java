package org.numreg.whois;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The public lookup and the PIN lookup are rate-limited per client address and per number: past
 * the allowance a client gets 429 problem+json with Retry-After, and the metric counts it; a
 * logged-in caller is not held to the public allowance. (Low limits here, so that the test stays
 * quick; the defaults are in RateLimitConfig. Client addresses come from X-Forwarded-For, as
 * behind an ingress.)
 */
@QuarkusTest
@TestProfile(RateLimitApiTest.LowLimits.class)
@QuarkusTestResource(NumregInfraResource.class)
class RateLimitApiTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("numreg.rate-limit.lookups-per-client", "6", "numreg.rate-limit.pin-checks-per-client", "2",
                    "numreg.rate-limit.lookups-per-number", "10",
                    "quarkus.http.proxy.proxy-address-forwarding", "true", "quarkus.http.proxy.allow-x-forwarded", "true");
        }
    }

    static final String NUMBER = "+13125550100";
    static final String OTHER = "+13125550101";
    static PublishedLog log;

    @BeforeAll
    static void publishANumber() {
        log = PublishedLog.onThisServicesTopic();
        log.commit(new Command.RegisterOcn("rl-1", Ocn.of("1510"), "Lakeside Telephone", null));
        log.commit(new Command.OpenRange("rl-2", Prefix.of("+1312555"), 0));
        log.commit(new Command.AllocateNumber("rl-3", Ocn.of("1510"), E164.of(NUMBER), null, null));
        log.commit(new Command.AllocateNumber("rl-4", Ocn.of("1510"), E164.of(OTHER), null, null));
    }

    @AfterAll
    static void close() {
        log.close();
    }

    @Test
    void aClientPastItsAllowanceGets429WithRetryAfter() {
        String client = "198.51.100.7";
        from(client).queryParam("minPosition", 4).get("/v1/numbers/" + OTHER).then().statusCode(200);
        // Two PIN checks pass the limit (the number has no PIN: 422), the third does not.
        List<Integer> pinAnswers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pinAnswers.add(from(client).header("Numreg-Pin", "123456").get("/v1/numbers/" + OTHER).statusCode());
        }
        assertThat(pinAnswers).containsExactly(422, 422, 429);
        // Lookups: 6 a minute, 4 taken by now; 2 more pass, then 429.
        List<Integer> answers = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < 3; i++) {
            Response answer = from(client).get("/v1/numbers/" + OTHER);
            answers.add(answer.statusCode());
            refused = answer;
        }
        assertThat(answers).containsExactly(200, 200, 429);
        refused.then().contentType(startsWith("application/problem+json"))
                .body("status", equalTo(429)).body("limit", equalTo("lookups-per-client"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).containsPattern("numreg_rate_limited_total\\{limit=\"lookups-per-client\"[^}]*} 1\\.0")
                .containsPattern("numreg_rate_limited_total\\{limit=\"pin-checks-per-client\"[^}]*} 1\\.0");
        // Another address has its own allowance; a logged-in caller is not held to the public one
        // (bob sees the public fields of alice's number: those count toward the number's allowance, 10).
        from("198.51.100.8").get("/v1/numbers/" + OTHER).then().statusCode(200);
        String bob = TestInfra.shared().accessToken("bob");
        for (int i = 0; i < 2; i++) {
            from(client).auth().oauth2(bob).get("/v1/numbers/" + OTHER).then().statusCode(200);
        }
    }

    @Test
    void oneNumberLookedUpFromManyAddressesGets429ButItsAdministratorsStillSeeIt() {
        List<Integer> answers = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            answers.add(from("203.0.113." + i).queryParam("minPosition", 4).get("/v1/numbers/" + NUMBER).statusCode());
        }
        assertThat(answers).as("10 a minute for the number, whoever asks").startsWith(200, 200, 200).endsWith(429)
                .filteredOn(status -> status == 200).hasSize(10);
        from("203.0.113.99").auth().oauth2(TestInfra.shared().accessToken("alice")).get("/v1/numbers/" + NUMBER)
                .then().statusCode(200).body("full", equalTo(true));
        assertThat(given().get("/q/metrics").asString())
                .containsPattern("numreg_rate_limited_total\\{limit=\"lookups-per-number\"[^}]*} 1\\.0");
    }

    private static RequestSpecification from(String address) {
        return given().header("X-Forwarded-For", address);
    }
}
