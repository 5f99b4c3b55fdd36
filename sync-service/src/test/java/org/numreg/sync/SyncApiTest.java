package org.numreg.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.numreg.client.records.Digests;
import org.numreg.client.testing.PublishedLog;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** sync-service through its HTTP API (the changes feed, the digests), from real events on a real Kafka topic. */
@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class SyncApiTest {

    static final String HASH = "$2b$10$abcdefghijklmnopqrstuuJ5oX8b2c8aV7vY3p6mCq1dQ0yWm5Uu2";
    static PublishedLog log;

    @BeforeAll
    static void publish() {
        log = PublishedLog.onThisServicesTopic();
        log.commit(new Command.RegisterOcn("c1", Ocn.of("1510"), "Lakeside Telephone", null));       // 1
        log.commit(new Command.RegisterOcn("c2", Ocn.of("0042"), "Harbor Mobile", null));            // 2
        log.commit(new Command.OpenRange("c3", Prefix.of("+1212555"), 0));                          // 3
        log.commit(new Command.AllocateNumbers("c4", Ocn.of("0042"), Prefix.of("+1212555"), 3, null)); // 4: three events
        log.commit(new Command.AllocateNumber("c5", Ocn.of("1510"), E164.of("+12125550100"), null, null)); // 5
        log.commit(new Command.SetPin("c6", Ocn.of("1510"), E164.of("+12125550100"), HASH));            // 6
        log.commit(new Command.PortNumber("c7", E164.of("+12125550100"), Ocn.of("0042"), 2));          // 7
        log.commit(new Command.AllocateNumber("c8", Ocn.of("1510"), E164.of("+12125550100"), null, null)); // 8: rejected
    }

    @AfterAll
    static void close() {
        log.close();
    }

    /** The feed's lines as events, once sync-service has archived the whole log. */
    static List<JsonNode> changes(String user, String query) throws Exception {
        String token = user.equals("r1") ? TestInfra.shared().registrarToken("r1") : TestInfra.shared().accessToken(user);
        for (int i = 0; i < 100; i++) {
            Response response = given().urlEncodingEnabled(false).auth().oauth2(token).get("/v1/changes" + query);
            response.then().statusCode(200).contentType("application/x-ndjson");
            if (Long.parseLong(response.header("Numreg-Position")) >= log.position()) {
                List<JsonNode> events = new ArrayList<>();
                for (String line : response.asString().split("\n")) {
                    if (!line.isBlank()) {
                        events.add(RegistryJson.mapper().readTree(line));
                    }
                }
                return events;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("sync-service did not archive the log");
    }

    static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("id").asText()).toList();
    }

    @Test
    void everyCommittedEventInLogOrderWithoutPinHashesForCarriers() throws Exception {
        List<JsonNode> all = changes("alice", "");
        assertThat(ids(all)).containsExactly("1-0", "2-0", "3-0", "4-0", "4-1", "4-2", "5-0", "6-0", "7-0", "8-0");
        JsonNode pinSet = all.get(7);
        assertThat(pinSet.path("type").asText()).isEqualTo("org.numreg.pin-set.v1");
        assertThat(pinSet.path("data").has("pinHash")).isFalse();
        assertThat(all.get(9).path("type").asText()).isEqualTo("org.numreg.command-rejected.v1");
        assertThat(changes("r1", "").get(7).at("/data/pinHash").asText()).as("registrars get events as published")
                .isEqualTo(HASH);
    }

    @Test
    void afterAPositionAnEventIdOrATime() throws Exception {
        assertThat(ids(changes("alice", "?after=4"))).containsExactly("5-0", "6-0", "7-0", "8-0");
        assertThat(ids(changes("alice", "?after=4-0"))).startsWith("4-1", "4-2", "5-0");
        assertThat(ids(changes("alice", "?since=2026-11-23T12:00:06Z"))).containsExactly("6-0", "7-0", "8-0");
        assertThat(ids(changes("alice", "?since=2026-11-23T12:00:05.5Z"))).containsExactly("6-0", "7-0", "8-0");
        assertThat(changes("alice", "?after=8")).isEmpty();
    }

    @Test
    void onlyAnOcnsOrAPrefixsEvents() throws Exception {
        assertThat(ids(changes("bob", "?ocn=1510"))).containsExactly("1-0", "5-0", "6-0", "7-0");
        assertThat(ids(changes("bob", "?prefix=%2B1212555010"))).containsExactly("5-0", "6-0", "7-0", "8-0");
        assertThat(ids(changes("bob", "?ocn=0042&prefix=%2B12125550000"))).containsExactly("4-0");
    }

    @Test
    void theFeedNeedsATokenAndSaneParameters() {
        given().get("/v1/changes").then().statusCode(401);
        String token = TestInfra.shared().accessToken("alice");
        given().auth().oauth2(token).get("/v1/changes?after=yesterday").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("after"));
        given().auth().oauth2(token).get("/v1/changes?since=yesterday").then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
        given().auth().oauth2(token).get("/v1/changes?after=1&since=2026-11-23T12:00:00Z").then().statusCode(400);
        given().auth().oauth2(token).get("/v1/changes?ocn=15").then().statusCode(400)
                .body("errors[0].field", equalTo("ocn"));
    }

    @Test
    void aRebuiltArchiveServesTheSameHistory() throws Exception {
        List<JsonNode> before = changes("r1", "");
        given().auth().oauth2(TestInfra.shared().accessToken("sysadmin")).post("/v1/read-model/rebuild").then()
                .statusCode(202);
        assertThat(changes("r1", "")).isEqualTo(before);
    }

    /** The service's node at {@code prefix} (with children) once it reflects the whole log. */
    static JsonNode digest(String prefix) throws Exception {
        String token = TestInfra.shared().accessToken("alice");
        return RegistryJson.mapper().readTree(given().auth().oauth2(token).queryParam("prefix", prefix)
                .queryParam("minPosition", log.position()).get("/v1/digest").then().statusCode(200).extract().asString());
    }

    /** Walks down from the root wherever the service's tree differs from {@code expected}: the differing leaves. */
    static List<String> differingNumbers(java.util.Map<String, Digests.Node> expected) throws Exception {
        List<String> found = new ArrayList<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of("+"));
        while (!todo.isEmpty()) {
            String prefix = todo.pop();
            JsonNode node = digest(prefix);
            Digests.Node want = expected.get(prefix);
            if (want != null && node.at("/node/hash").asText().equals(java.util.HexFormat.of().formatHex(want.hash()))) {
                continue;
            }
            if (node.path("children").isEmpty()) {
                found.add(prefix);
            }
            node.path("children").forEach(child -> todo.push(child.path("prefix").asText()));
        }
        return found;
    }

    @Test
    void theDigestTreeMatchesTheRegistryAndItsWalkFindsACorruptedNumber() throws Exception {
        var expected = Digests.tree(log.numbers());
        JsonNode root = digest("+");
        assertThat(root.at("/node/count").asLong()).isEqualTo(log.numbers().size()).isEqualTo(4);
        assertThat(root.at("/node/hash").asText()).isEqualTo(java.util.HexFormat.of().formatHex(expected.get("+").hash()));
        assertThat(differingNumbers(expected)).isEmpty();
        assertThat(digest("+1212555").path("children").size()).as("under +1212555 only +12125550").isEqualTo(1);

        // Corrupt one stored record behind the feed's back; recomputing the tree from the store shows it.
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (var db = java.sql.DriverManager.getConnection(url, org.numreg.devinfra.PostgresServer.USER, "")) {
            assertThat(db.createStatement().executeUpdate(
                    "UPDATE number_record SET pin_hash = 'tampered' WHERE number = '+12125550001'")).isEqualTo(1);
        }
        given().auth().oauth2(TestInfra.shared().accessToken("alice")).post("/v1/digest/recompute").then().statusCode(403);
        given().auth().oauth2(TestInfra.shared().accessToken("sysadmin")).post("/v1/digest/recompute").then()
                .statusCode(204);
        assertThat(differingNumbers(expected)).containsExactly("+12125550001");

        given().auth().oauth2(TestInfra.shared().accessToken("sysadmin")).post("/v1/read-model/rebuild").then()
                .statusCode(202);
        assertThat(differingNumbers(expected)).as("rebuilt from the topic").isEmpty();
    }

    /** The snapshot's lines at {@code at}, as {@code user} gets them. */
    static List<JsonNode> snapshot(String user, long at) throws Exception {
        String token = user.equals("r1") ? TestInfra.shared().registrarToken("r1") : TestInfra.shared().accessToken(user);
        Response response = given().auth().oauth2(token).queryParam("at", at).get("/v1/snapshot");
        response.then().statusCode(200).contentType("application/x-ndjson").header("Numreg-Position", String.valueOf(at));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.asString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(RegistryJson.mapper().readTree(line));
            }
        }
        return lines;
    }

    @Test
    void aSnapshotAtEveryPositionIsTheRegistryAsItStoodThenAndSoIsItsDigest() throws Exception {
        changes("r1", ""); // the whole log is archived
        for (long at = 0; at <= log.position(); at++) {
            List<JsonNode> lines = snapshot("r1", at);
            String hash = at == 0 ? "0".repeat(64) : PublishedLog.hashAt(at);
            assertThat(lines.getFirst().path("type").asText()).isEqualTo("snapshot");
            assertThat(lines.getFirst().path("position").asLong()).isEqualTo(at);
            assertThat(lines.getFirst().path("hash").asText()).isEqualTo(hash);
            List<org.numreg.registry.domain.NumberRecord> then = log.numbersAt(at);
            List<JsonNode> numbers = lines.stream().filter(l -> l.path("type").asText().equals("number")).toList();
            List<String> expected = new ArrayList<>();
            for (var record : then) {
                expected.add(new String(RegistryJson.write(org.numreg.registry.event.Event.NumberView.of(record)),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(numbers.stream().map(l -> l.path("number").toString()).toList()).as("numbers at " + at)
                    .containsExactlyElementsOf(expected);
            assertThat(numbers.stream().map(l -> l.path("pinHash").asText(null)).toList())
                    .containsExactlyElementsOf(then.stream().map(r -> r.pinHash()).toList());
            assertThat(lines.stream().filter(l -> l.path("type").asText().equals("ocn")).map(l -> l.path("ocn").asText()))
                    .containsExactlyElementsOf(at == 0 ? List.of() : at == 1 ? List.of("1510") : List.of("0042", "1510"));
            JsonNode end = lines.getLast();
            assertThat(end.path("type").asText()).isEqualTo("end");
            assertThat(end.path("hash").asText()).isEqualTo(hash);
            assertThat(end.path("numbers").asLong()).isEqualTo(then.size());

            // The digest tree at that position is the tree of those numbers, down to each leaf.
            var tree = Digests.tree(then);
            String token = TestInfra.shared().accessToken("alice");
            JsonNode root = RegistryJson.mapper().readTree(given().auth().oauth2(token).queryParam("at", at)
                    .get("/v1/digest").then().log().ifValidationFails().statusCode(200).header("Numreg-Position", String.valueOf(at))
                    .extract().asString());
            assertThat(root.at("/node/count").asLong()).isEqualTo(then.size());
            assertThat(root.at("/node/hash").asText()).isEqualTo(tree.containsKey("+")
                    ? java.util.HexFormat.of().formatHex(tree.get("+").hash()) : "0".repeat(64));
            for (var record : then) {
                String number = record.number().value();
                JsonNode parent = RegistryJson.mapper().readTree(given().auth().oauth2(token).queryParam("at", at)
                        .queryParam("prefix", number.substring(0, number.length() - 1)).get("/v1/digest").asString());
                assertThat(parent.path("children").findValuesAsText("hash")).contains(
                        java.util.HexFormat.of().formatHex(Digests.leaf(record)));
            }
        }
    }

    @Test
    void carriersGetSnapshotsWithoutPinHashesGzippedOnRequestAndBadPositionsAreRefused() throws Exception {
        changes("r1", "");
        assertThat(snapshot("bob", log.position()).stream().filter(l -> l.path("type").asText().equals("number"))
                .map(l -> l.has("pinHash")).toList()).containsOnly(false).hasSize(4);
        given().auth().oauth2(TestInfra.shared().accessToken("bob")).header("Accept-Encoding", "gzip")
                .get("/v1/snapshot").then().statusCode(200).header("Content-Encoding", "gzip")
                .body(org.hamcrest.Matchers.containsString("\"type\":\"end\""));
        given().get("/v1/snapshot").then().statusCode(401);
        String token = TestInfra.shared().accessToken("bob");
        given().auth().oauth2(token).get("/v1/snapshot?at=-1").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("at"));
        given().auth().oauth2(token).get("/v1/snapshot?at=soon").then().statusCode(400);
        given().auth().oauth2(token).get("/v1/snapshot?at=" + (log.position() + 1000)).then().statusCode(503)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(token).get("/v1/digest?at=-5").then().statusCode(400);
    }

    @Test
    void onlySystemAdminsChangeTheRegistrarsAndBadOnesAreRefused() {
        String body = "{\"registrar\":\"r4\",\"node\":4,\"endpoint\":\"https://r4.example:8443\"}";
        given().auth().oauth2(TestInfra.shared().accessToken("alice")).contentType("application/json").body(body)
                .post("/v1/registrars").then().statusCode(403);
        given().auth().oauth2(TestInfra.shared().accessToken("alice")).delete("/v1/registrars/r4").then().statusCode(403);
        given().auth().oauth2(TestInfra.shared().accessToken("sysadmin")).contentType("application/json")
                .body("{\"registrar\":\"r4\",\"node\":4,\"endpoint\":\"r4.example\"}")
                .post("/v1/registrars").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("endpoint"));
        given().auth().oauth2(TestInfra.shared().accessToken("sysadmin")).contentType("application/json")
                .body("{\"registrar\":\"R 4\",\"node\":4,\"endpoint\":\"https://r4.example\"}")
                .post("/v1/registrars").then().statusCode(400).body("errors[0].field", equalTo("registrar"));
    }
}
