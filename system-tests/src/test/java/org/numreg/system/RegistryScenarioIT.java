package org.numreg.system;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.codec.ChainVerifier;
import org.numreg.registry.codec.ChangeEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The registry as carriers use it, across three registrars (each: consensus-, allocation-,
 * porting- and whois-service as packaged processes) with real Keycloak tokens: sysadmin is a
 * system admin, alice administers OCN 1510, bob OCN 0042.
 */
class RegistryScenarioIT {

    static final String NUMBER = "+12125550100";
    static ConsensusCluster cluster;

    @BeforeAll
    static void startThreeRegistrars() throws Exception {
        cluster = new ConsensusCluster(List.of("r1", "r2", "r3"));
        cluster.startServices(List.of("allocation-service", "porting-service", "whois-service", "sync-service"));
        as("sysadmin", "r1", "allocation-service").body("{\"ocn\":\"1510\",\"name\":\"Lakeside Telephone\"}")
                .post("/v1/ocns").then().statusCode(201);
        as("sysadmin", "r2", "allocation-service").body("{\"ocn\":\"0042\",\"name\":\"Harbor Mobile\"}")
                .post("/v1/ocns").then().statusCode(201);
        as("sysadmin", "r1", "allocation-service").body("{\"prefix\":\"+1212555\"}")
                .post("/v1/ranges").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static RequestSpecification as(String user, String registrar, String module) {
        RequestSpecification request = given().baseUri(cluster.registrar(registrar).url(module))
                .contentType("application/json");
        return user == null ? request : request.auth().oauth2(TestInfra.shared().accessToken(user));
    }

    static long position(Response response) {
        return Long.parseLong(response.header("Numreg-Position"));
    }

    @Test
    void allocateRacePortAndLockOutAcrossThreeRegistrars() throws InterruptedException {

        // The race: alice (1510) at r1 and bob (0042) at r2 want the same number at once.
        CompletableFuture<Response> alice = CompletableFuture.supplyAsync(() -> as("alice", "r1", "allocation-service")
                .body("{\"ocn\":\"1510\",\"number\":\"" + NUMBER + "\"}").post("/v1/numbers"));
        CompletableFuture<Response> bob = CompletableFuture.supplyAsync(() -> as("bob", "r2", "allocation-service")
                .body("{\"ocn\":\"0042\",\"number\":\"" + NUMBER + "\"}").post("/v1/numbers"));
        List<Integer> statuses = List.of(alice.join().statusCode(), bob.join().statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        boolean aliceWon = alice.join().statusCode() == 201;
        String winner = aliceWon ? "alice" : "bob";
        String winnerOcn = aliceWon ? "1510" : "0042";
        String loser = aliceWon ? "bob" : "alice";
        String loserOcn = aliceWon ? "0042" : "1510";
        Response lost = (aliceWon ? bob : alice).join();
        assertThat(lost.contentType()).startsWith("application/problem+json");
        assertThat(lost.jsonPath().getString("reason")).isEqualTo("NUMBER_TAKEN");

        // The loser takes any free number under the exchange, at r2: a different one.
        Response other = as(loser, "r2", "allocation-service")
                .body("{\"ocn\":\"" + loserOcn + "\",\"prefix\":\"+1212555\"}").post("/v1/numbers");
        other.then().statusCode(201);
        String otherNumber = other.jsonPath().getString("number");
        assertThat(otherNumber).startsWith("+1212555").isNotEqualTo(NUMBER);

        // whois at r3 shows both, reading its own writes' positions.
        long seen = Math.max(position(alice.join().statusCode() == 201 ? alice.join() : bob.join()), position(other));
        as(null, "r3", "whois-service").queryParam("minPosition", seen).get("/v1/numbers/" + NUMBER).then()
                .statusCode(200).body("ocn", equalTo(winnerOcn)).body("full", equalTo(false));
        as(null, "r3", "whois-service").queryParam("minPosition", seen).get("/v1/numbers/" + otherNumber).then()
                .statusCode(200).body("ocn", equalTo(loserOcn));

        // The holder sets the consumer's PIN at r1; the other OCN ports the number at r3 with it.
        Response pinSet = as(winner, "r1", "allocation-service").body("{\"pin\":\"482913\"}")
                .put("/v1/numbers/" + NUMBER + "/pin");
        pinSet.then().statusCode(200);
        Response ported = as(loser, "r3", "porting-service").queryParam("minPosition", position(pinSet))
                .body("{\"number\":\"" + NUMBER + "\",\"gainingOcn\":\"" + loserOcn + "\",\"pin\":\"482913\"}")
                .post("/v1/ports");
        ported.then().statusCode(201).body("losingOcn", equalTo(winnerOcn)).body("gainingOcn", equalTo(loserOcn));
        for (String registrar : List.of("r1", "r2", "r3")) {
            as(null, registrar, "whois-service").queryParam("minPosition", position(ported))
                    .get("/v1/numbers/" + NUMBER).then().statusCode(200).body("ocn", equalTo(loserOcn));
            as(winner, registrar, "porting-service").queryParam("minPosition", position(ported))
                    .get("/v1/ports?ocn=" + winnerOcn).then().statusCode(200).body("[0].number", equalTo(NUMBER));
        }
        // The PIN holder sees everything at whois with the PIN... which the port cleared: a new one is set.
        Response newPin = as(loser, "r3", "allocation-service").body("{\"pin\":\"777123\"}")
                .put("/v1/numbers/" + NUMBER + "/pin");
        newPin.then().statusCode(200);
        as(null, "r2", "whois-service").queryParam("minPosition", position(newPin)).header("Numreg-Pin", "777123")
                .get("/v1/numbers/" + NUMBER).then().statusCode(200).body("full", equalTo(true))
                .body("pinSet", equalTo(true));

        // Anybody's wrong PINs at whois (no token) close the number to PIN lookups — at all three
        // registrars, the 6th answered 429 without a check — but never to ports (issue: lockout as a weapon).
        long last = position(newPin);
        List<Integer> lookups = new ArrayList<>();
        String[] at = {"r1", "r2", "r3", "r1", "r2", "r3"};
        for (String registrar : at) {
            Response wrong = as(null, registrar, "whois-service").queryParam("minPosition", last)
                    .header("Numreg-Pin", "000000").get("/v1/numbers/" + NUMBER);
            lookups.add(wrong.statusCode());
            if (wrong.statusCode() == 403) {
                wrong.then().body("channel", equalTo("lookup"));
                last = position(wrong);
            }
        }
        assertThat(lookups).containsExactly(403, 403, 403, 403, 403, 429);
        as(null, "r3", "whois-service").queryParam("minPosition", last).header("Numreg-Pin", "777123")
                .get("/v1/numbers/" + NUMBER).then().statusCode(429).body("reason", equalTo("PIN_LOCKED"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        as(loser, "r1", "whois-service").queryParam("minPosition", last).get("/v1/numbers/" + NUMBER).then()
                .statusCode(200).body("full", equalTo(true)).body("lookupPinFailures.count", equalTo(5))
                .body("portPinFailures.count", equalTo(0));
        // The rightful gaining carrier, with the right PIN, can still port it (scheduled here, then called off).
        Response rightful = as(winner, "r2", "porting-service").queryParam("minPosition", last)
                .body("{\"number\":\"" + NUMBER + "\",\"gainingOcn\":\"" + winnerOcn + "\",\"pin\":\"777123\","
                        + "\"dueAt\":\"" + java.time.Instant.now().plusSeconds(3600) + "\"}")
                .post("/v1/ports");
        rightful.then().statusCode(202).body("status", equalTo("scheduled"));
        Response calledOff = as(loser, "r1", "porting-service").queryParam("minPosition", position(rightful))
                .delete("/v1/numbers/" + NUMBER + "/scheduled-port");
        calledOff.then().statusCode(200);
        last = position(calledOff);

        // Five wrong PINs to port it, at three registrars, close it to ports for a while: then even the right PIN is refused.
        List<Integer> failures = new ArrayList<>();
        for (String registrar : List.of("r1", "r2", "r3", "r1", "r2")) {
            Response wrong = as(winner, registrar, "porting-service").queryParam("minPosition", last)
                    .body("{\"number\":\"" + NUMBER + "\",\"gainingOcn\":\"" + winnerOcn + "\",\"pin\":\"000000\"}")
                    .post("/v1/ports");
            wrong.then().statusCode(403).body("type", equalTo("https://numreg.org/problems/wrong-pin"));
            failures.add(wrong.jsonPath().getInt("failures"));
            last = position(wrong);
        }
        assertThat(failures).containsExactly(1, 2, 3, 4, 5);
        as(winner, "r3", "porting-service").queryParam("minPosition", last)
                .body("{\"number\":\"" + NUMBER + "\",\"gainingOcn\":\"" + winnerOcn + "\",\"pin\":\"777123\"}")
                .post("/v1/ports").then().statusCode(429).body("reason", equalTo("PIN_LOCKED"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        as(loser, "r1", "whois-service").queryParam("minPosition", last).get("/v1/numbers/" + NUMBER).then()
                .statusCode(200).body("portPinFailures.count", equalTo(5))
                .body("portPinFailures.lockedUntil", org.hamcrest.Matchers.notNullValue());

        // An auditor reads from the history alone who did what, when, at which registrar.
        String winnerAt = aliceWon ? "r1" : "r2";
        io.restassured.path.json.JsonPath history = as("sysadmin", "r2", "whois-service").queryParam("minPosition", last)
                .get("/v1/numbers/" + NUMBER + "/history").then().statusCode(200).extract().jsonPath();
        assertThat(history.getString("find { it.type == 'org.numreg.number-allocated.v1' }.principal.name"))
                .isEqualTo(winner);
        assertThat(history.getString("find { it.type == 'org.numreg.number-allocated.v1' }.registrar"))
                .isEqualTo(winnerAt);
        assertThat(history.getString("find { it.type == 'org.numreg.port-completed.v1' }.principal.name"))
                .isEqualTo(loser);
        assertThat(history.getString("find { it.type == 'org.numreg.port-completed.v1' }.principal.id"))
                .as("the user's stable subject").isNotBlank();
        assertThat(history.getString("find { it.type == 'org.numreg.port-completed.v1' }.registrar")).isEqualTo("r3");
        assertThat(history.getList("findAll { it.data.channel == 'lookup' }.principal.name")).hasSize(5)
                .containsOnly("anonymous");
        assertThat(history.getList("findAll { it.data.channel == 'port' }.principal.name")).hasSize(5)
                .containsOnly(winner);
        // ... and so does an outside carrier mirroring a registrar's topic.
        ChangeEvent portOnTopic = cluster.events("r1", position(ported), java.time.Duration.ofSeconds(30)).stream()
                .filter(e -> e.position() == position(ported)).findFirst().orElseThrow();
        assertThat(portOnTopic.principal().name()).isEqualTo(loser);
        assertThat(portOnTopic.registrar()).isEqualTo("r3");

        // The three registrars hold the same numbers: equal digest roots at the same position.
        List<String> roots = new ArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            roots.clear();
            for (String registrar : List.of("r1", "r2", "r3")) {
                Response digest = as(loser, registrar, "sync-service").queryParam("minPosition", last).get("/v1/digest");
                digest.then().statusCode(200);
                roots.add(digest.jsonPath().getLong("position") + " " + digest.jsonPath().getLong("node.count") + " "
                        + digest.jsonPath().getString("node.hash"));
            }
            if (roots.stream().distinct().count() == 1) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(roots).hasSize(3).allMatch(root -> root.equals(roots.getFirst()));
        assertThat(roots.getFirst()).doesNotContain(" 0 ");

        // A carrier mirroring r2's public feed (no PIN hashes) recomputes the hash chain from it
        // alone and ends at the hash r3's topic carries for that position.
        Response feed = as(loser, "r2", "sync-service").queryParam("after", 0).get("/v1/changes");
        feed.then().statusCode(200);
        assertThat(feed.asString()).contains("org.numreg.pin-set.v1").doesNotContain("pinHash");
        ChainVerifier mirror = new ChainVerifier();
        feed.asString().lines().filter(line -> !line.isBlank())
                .forEach(line -> mirror.accept(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        mirror.finish();
        assertThat(mirror.position()).isEqualTo(Long.parseLong(feed.header("Numreg-Position"))).isGreaterThanOrEqualTo(last);
        assertThat(cluster.events("r3", mirror.position(), java.time.Duration.ofSeconds(30)).stream()
                .filter(e -> e.position() == mirror.position()).findFirst().orElseThrow().hash())
                .isEqualTo(mirror.hashHex());

        // r1's anti-entropy job compares with r2 and r3 by itself, and finds them in agreement.
        List<String> agreement = List.of();
        for (int attempt = 0; attempt < 100 && !agreement.equals(List.of("AGREE", "AGREE")); attempt++) {
            Thread.sleep(200);
            agreement = as(loser, "r1", "sync-service").get("/v1/digest/peers").jsonPath().getList("status");
        }
        assertThat(agreement).containsExactly("AGREE", "AGREE");
    }

    /** alice's (OCN 1510) number with a PIN; returns the PIN's write position. */
    static long numberWithPin(String number, String pin) {
        as("alice", "r1", "allocation-service").body("{\"ocn\":\"1510\",\"number\":\"" + number + "\"}")
                .post("/v1/numbers").then().statusCode(201);
        Response set = as("alice", "r1", "allocation-service").body("{\"pin\":\"" + pin + "\"}")
                .put("/v1/numbers/" + number + "/pin");
        set.then().statusCode(200);
        return position(set);
    }

    /** A bad request to a write endpoint, and the field its 400 must name (null: a 413 for its size). */
    record Bad(String user, String module, String method, String path, String body, String field) {
    }

    /**
     * An outside carrier mirrors the registry with the official CloudEvents SDK (Kafka binding,
     * structured JSON): every record of every registrar's topic is a valid CloudEvent 1.0 of
     * numreg's, the positions run 1, 2, 3 … without a gap, and all three topics say the same.
     */
    @Test
    void anOutsideCarrierReadsEveryTopicWithTheCloudEventsSdk() throws Exception {
        long head = cluster.sameHeadEverywhere();
        Map<String, List<String>> topics = new java.util.LinkedHashMap<>();
        for (String registrar : List.of("r1", "r2", "r3")) {
            List<String> seen = new ArrayList<>();
            long expected = 1;
            for (io.cloudevents.CloudEvent event : cloudEvents(cluster.registrar(registrar).topic, head)) {
                assertThat(event.getSpecVersion()).isEqualTo(io.cloudevents.SpecVersion.V1);
                assertThat(event.getSource()).hasToString("urn:numreg:registry");
                assertThat(event.getType()).startsWith("org.numreg.").endsWith(".v1");
                assertThat(event.getDataContentType()).isEqualTo("application/json");
                assertThat(event.getTime()).isNotNull();
                long position = Long.parseLong(String.valueOf(event.getExtension("numregposition")));
                long index = Long.parseLong(String.valueOf(event.getExtension("numregindex")));
                assertThat(event.getId()).isEqualTo(position + "-" + index);
                if (index == 0) {
                    assertThat(position).as(registrar + ": positions without a gap").isEqualTo(expected++);
                }
                assertThat(new String(event.getData().toBytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .startsWith("{\"event\":");
                seen.add(event.getId() + " " + event.getType() + " " + event.getSubject() + " "
                        + event.getExtension("numreghash"));
            }
            assertThat(expected - 1).as(registrar + "'s topic reaches the head").isEqualTo(head);
            topics.put(registrar, seen);
        }
        assertThat(topics.get("r2")).isEqualTo(topics.get("r1"));
        assertThat(topics.get("r3")).isEqualTo(topics.get("r1"));
    }

    /**
     * One allocation is one trace: the caller's trace context goes from the REST call at r1's
     * allocation-service through r1's consensus-service into the log, so that every registrar's
     * apply and every read model that applies it join the same trace, and the change events carry it.
     */
    @Test
    void oneAllocationIsOneTraceAcrossTheRegistrars() throws Exception {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        String traceId = java.util.HexFormat.of().formatHex(id);
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";
        Response allocated = as("alice", "r1", "allocation-service").header("traceparent", traceparent)
                .body("{\"ocn\":\"1510\",\"number\":\"+12125550177\"}").post("/v1/numbers");
        assertThat(allocated.statusCode()).isEqualTo(201);
        long position = position(allocated);

        record Span(String registrar, String module, String name) {
        }
        List<Span> expected = new ArrayList<>(List.of(new Span("r1", "allocation-service", "POST /v1/numbers"),
                new Span("r1", "consensus-service", "POST /v1/commands")));
        for (String registrar : List.of("r1", "r2", "r3")) {
            expected.add(new Span(registrar, "consensus-service", "apply"));
            expected.add(new Span(registrar, "consensus-service", "publish " + cluster.registrar(registrar).topic));
            expected.add(new Span(registrar, "whois-service", "project whois"));
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        List<Span> missing = expected;
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(300);
            List<Span> notYet = new ArrayList<>();
            for (Span want : missing) {
                if (cluster.spans(want.registrar(), want.module()).stream().noneMatch(span ->
                        span.path("traceId").asText().equals(traceId) && span.path("name").asText().equals(want.name()))) {
                    notYet.add(want);
                }
            }
            missing = notYet;
        }
        assertThat(missing).as("spans of trace " + traceId + " not written").isEmpty();

        // The events carry the trace (the CloudEvents distributed-tracing extension), the same at every registrar.
        for (String registrar : List.of("r1", "r2", "r3")) {
            assertThat(cloudEvents(cluster.registrar(registrar).topic, position).getLast().getExtension("traceparent"))
                    .as(registrar).asString().startsWith("00-" + traceId + "-");
        }
    }

    /** A topic's events through {@code lastPosition}, as the CloudEvents SDK's Kafka deserializer reads them. */
    static List<io.cloudevents.CloudEvent> cloudEvents(String topic, long lastPosition) {
        Map<String, Object> config = Map.of(
                org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.shared().kafka().bootstrapServers(),
                org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "outside-carrier-" + java.util.UUID.randomUUID(),
                org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<io.cloudevents.CloudEvent> events = new ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(config,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new io.cloudevents.kafka.CloudEventDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && (events.isEmpty()
                    || Long.parseLong(String.valueOf(events.getLast().getExtension("numregposition"))) < lastPosition)) {
                consumer.poll(java.time.Duration.ofMillis(300)).forEach(record -> events.add(record.value()));
            }
        }
        return events.stream().filter(e -> Long.parseLong(String.valueOf(e.getExtension("numregposition"))) <= lastPosition)
                .toList();
    }

    @Test
    void badInputAtEveryWriteEndpointIsA4xxNamingTheFieldAndChangesNothing() throws Exception {
        String huge = "x".repeat(70_000);
        List<Bad> requests = List.of(
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ocns", "{\"ocn\":", "body"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ocns", "[1510]", "body"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ocns", "{\"ocn\":1510,\"name\":\"X\"}", "ocn"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ocns", "{\"ocn\":\"7001\",\"name\":\"X\",\"bogus\":1}", "bogus"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ocns", "{\"ocn\":\"70011\",\"name\":\"X\"}", "ocn"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ocns", "{\"ocn\":\"7001\",\"name\":\"Lake\\u0000side\"}", "name"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ocns", "{\"ocn\":\"7001\",\"name\":\"Lake \\ud800\"}", "name"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ocns", "{\"ocn\":\"7001\",\"name\":\"" + huge + "\"}", null),
                new Bad("sysadmin", "allocation-service", "PUT", "/v1/ocns/1510", "{\"name\":[\"X\"]}", "name"),
                new Bad("sysadmin", "allocation-service", "PUT", "/v1/ocns/1510", "{\"name\":\"X\",\"contact\":\"a\\u0007b\"}", "contact"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ranges", "{\"prefix\":\"+1312\",\"digits\":\"11\"}", "digits"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ranges", "{\"prefix\":\"+1312\",\"digits\":99999999999}", "digits"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ranges", "{\"prefix\":\"+1312\",\"digits\":1.5}", "digits"),
                new Bad("sysadmin", "allocation-service", "POST", "/v1/ranges", "{\"prefix\":\"1312\"}", "prefix"),
                new Bad("sysadmin", "allocation-service", "DELETE", "/v1/ranges/+1x", null, "prefix"),
                new Bad("alice", "allocation-service", "POST", "/v1/numbers", "{\"ocn\":\"1510\",\"number\":\"+1212555O100\"}", "number"),
                new Bad("alice", "allocation-service", "POST", "/v1/numbers", "{\"ocn\":\"1510\",\"number\":12125550100}", "number"),
                new Bad("alice", "allocation-service", "POST", "/v1/numbers", "{\"ocn\":\"1510\",\"prefix\":\"+1212555\","
                        + "\"properties\":{\"type\":7}}", "properties.type"),
                new Bad("alice", "allocation-service", "POST", "/v1/numbers", "{\"ocn\":\"1510\",\"prefix\":\"+1212555\","
                        + "\"properties\":{\"cnam\":\"\\u202e\\u0000\"}}", "cnam"),
                new Bad("alice", "allocation-service", "POST", "/v1/numbers/bulk", "{\"ocn\":\"1510\",\"prefix\":\"+1212555\",\"count\":1e3}", "count"),
                new Bad("alice", "allocation-service", "POST", "/v1/numbers/bulk", "{\"ocn\":\"1510\",\"prefix\":\"+1212555\",\"count\":4294967296}", "count"),
                new Bad("alice", "allocation-service", "POST", "/v1/blocks", "{\"ocn\":\"1510\",\"block\":\"212-555-X\"}", "block"),
                new Bad("alice", "allocation-service", "PUT", "/v1/numbers/+12125550199", "{\"ocn\":\"1510\",\"properties\":"
                        + "{\"routing\":{\"sipUri\":\"sip:+1\\u0000@sbc.example\"}}}", "routing.sipUri"),
                new Bad("alice", "allocation-service", "PUT", "/v1/numbers/+12125550199", "{\"ocn\":\"1510\",\"expectedVersion\":\"1\"}", "expectedVersion"),
                new Bad("alice", "allocation-service", "PUT", "/v1/numbers/2125550199", "{\"ocn\":\"1510\"}", "number"),
                new Bad("alice", "allocation-service", "PUT", "/v1/numbers/+12125550199/pin", "{\"ocn\":\"1510\",\"pin\":123456}", "pin"),
                new Bad("alice", "allocation-service", "PUT", "/v1/numbers/+12125550199/pin", "{\"ocn\":\"1510\",\"pin\":\"\uff11\uff12\uff13\uff14\uff15\uff16\"}", "pin"),
                new Bad("alice", "allocation-service", "DELETE", "/v1/numbers/+1212-555?ocn=1510", null, "number"),
                new Bad("bob", "porting-service", "POST", "/v1/ports", "{\"number\":\"+12125550199\",\"gainingOcn\":\"0042\","
                        + "\"pin\":\"123456\",\"dueAt\":\"tomorrow\"}", "dueAt"),
                new Bad("bob", "porting-service", "POST", "/v1/ports", "{\"number\":\"+12125550199\",\"gainingOcn\":\"0042\","
                        + "\"pin\":\"123456\",\"force\":true}", "force"),
                new Bad("bob", "porting-service", "POST", "/v1/ports", "{\"number\":\"+12125550199\",\"gainingOcn\":42,"
                        + "\"pin\":\"123456\"}", "gainingOcn"),
                new Bad("bob", "porting-service", "DELETE", "/v1/numbers/+1/scheduled-port", null, "number"),
                new Bad("bob", "porting-service", "PUT", "/v1/numbers/+12125550199/port-protection", "{\"protect\":\"yes\"}", "protect"),
                new Bad("sysadmin", "sync-service", "POST", "/v1/registrars", "{\"registrar\":\"r9\",\"node\":\"nine\","
                        + "\"endpoint\":\"https://r9.example:8443\"}", "node"),
                new Bad("sysadmin", "sync-service", "POST", "/v1/registrars", "{\"registrar\":\"r\\u0000\",\"node\":9,"
                        + "\"endpoint\":\"https://r9.example:8443\"}", "registrar"));

        Map<String, Long> heads = heads();
        List<String> wrong = new ArrayList<>();
        for (Bad bad : requests) {
            RequestSpecification request = as(bad.user(), "r1", bad.module());
            if (bad.body() != null) {
                request = request.body(bad.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            Response answer = request.request(bad.method(), bad.path());
            int expected = bad.field() == null ? 413 : 400;
            String field = answer.contentType().startsWith("application/problem+json")
                    ? answer.jsonPath().getString("errors[0].field") : null;
            if (answer.statusCode() != expected || !answer.contentType().startsWith("application/problem+json")
                    || (bad.field() != null && !bad.field().equals(field))) {
                wrong.add(bad.method() + " " + bad.module() + bad.path() + " " + abbreviated(bad.body()) + " -> "
                        + answer.statusCode() + " " + answer.contentType() + " field " + field + ": "
                        + abbreviated(answer.asString()));
            }
        }
        assertThat(wrong).as("answers that are not a problem+json 400 naming the field (413 for a body too large)")
                .isEmpty();
        // The consensus-service's own submit API, with its registrar's token.
        String registrarToken = TestInfra.shared().registrarToken("r1");
        given().baseUri(cluster.registrar("r1").uri("").toString()).auth().oauth2(registrarToken)
                .contentType("application/json")
                .body("{\"type\":\"register-ocn\",\"id\":\"bad-1\",\"ocn\":\"7001\",\"name\":\"A\\u0000\"}")
                .post("/v1/commands").then().statusCode(400).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("name"));
        given().baseUri(cluster.registrar("r1").uri("").toString()).auth().oauth2(registrarToken)
                .contentType("application/json")
                .body("{\"type\":\"register-ocn\",\"id\":\"bad-2\",\"ocn\":\"7001\",\"name\":\"" + huge + "\"}")
                .post("/v1/commands").then().statusCode(413).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
        assertThat(heads()).as("no registrar's log moved").isEqualTo(heads);
    }

    /** Each registrar's log head position. */
    private static Map<String, Long> heads() throws Exception {
        Map<String, Long> heads = new java.util.TreeMap<>();
        for (String registrar : List.of("r1", "r2", "r3")) {
            heads.put(registrar, io.restassured.path.json.JsonPath.from(cluster.head(registrar)).getLong("position"));
        }
        return heads;
    }

    private static String abbreviated(String text) {
        return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    @Test
    void aScheduledPortCompletesWhenDueAndAnotherIsCancelledBefore() throws InterruptedException {
        String due = "+12125550200";
        long pin = numberWithPin(due, "246813");
        Response scheduled = as("bob", "r2", "porting-service").queryParam("minPosition", pin)
                .body("{\"number\":\"" + due + "\",\"gainingOcn\":\"0042\",\"pin\":\"246813\",\"dueAt\":\""
                        + java.time.Instant.now().plusSeconds(4) + "\"}")
                .post("/v1/ports");
        scheduled.then().statusCode(202).body("status", equalTo("scheduled"));
        as(null, "r3", "whois-service").queryParam("minPosition", position(scheduled)).get("/v1/numbers/" + due)
                .then().body("ocn", equalTo("1510"));
        String holder = "1510";
        for (int i = 0; i < 100 && holder.equals("1510"); i++) {
            Thread.sleep(200);
            holder = as(null, "r3", "whois-service").get("/v1/numbers/" + due).jsonPath().getString("ocn");
        }
        assertThat(holder).as("the port completed when due").isEqualTo("0042");
        as("alice", "r1", "porting-service").get("/v1/ports?ocn=1510").then().statusCode(200)
                .body("find { it.number == '" + due + "' }.status", equalTo("completed"));

        String called = "+12125550201";
        pin = numberWithPin(called, "135792");
        Response later = as("bob", "r2", "porting-service").queryParam("minPosition", pin)
                .body("{\"number\":\"" + called + "\",\"gainingOcn\":\"0042\",\"pin\":\"135792\",\"dueAt\":\""
                        + java.time.Instant.now().plusSeconds(3600) + "\"}")
                .post("/v1/ports");
        later.then().statusCode(202);
        Response cancelled = as("alice", "r3", "porting-service").queryParam("minPosition", position(later))
                .delete("/v1/numbers/" + called + "/scheduled-port");
        cancelled.then().statusCode(200).body("reason", equalTo("cancelled by 1510"));
        as("bob", "r2", "porting-service").queryParam("minPosition", position(cancelled)).get("/v1/ports?ocn=0042")
                .then().body("find { it.number == '" + called + "' }.status", equalTo("cancelled"));
    }

    @Test
    void systemAdminsAddAndRemoveARegistrarThroughTheLog() throws Exception {
        // r9 is named but never started: a learner, which counts in no quorum, until it is removed.
        String r9 = "{\"registrar\":\"r9\",\"node\":9,\"endpoint\":\"https://127.0.0.1:9\"}";
        as("alice", "r2", "sync-service").body(r9).post("/v1/registrars").then().statusCode(403);
        as("sysadmin", "r2", "sync-service").body(r9).post("/v1/registrars").then().statusCode(201)
                .body("registrar", equalTo("r9")).body("node", equalTo(9));
        cluster.awaitHead("r3", "\"voters\":[1,2,3],\"learners\":[9]", java.time.Duration.ofSeconds(10));
        as("sysadmin", "r1", "sync-service").body(r9).post("/v1/registrars").then().statusCode(409)
                .body("reason", equalTo("REGISTRAR_EXISTS"));
        as("sysadmin", "r1", "allocation-service").body("{\"ocn\":\"7777\",\"name\":\"Still committing\"}")
                .post("/v1/ocns").then().statusCode(201);
        as("sysadmin", "r3", "sync-service").delete("/v1/registrars/r9").then().statusCode(200)
                .body("registrar", equalTo("r9"));
        cluster.awaitHead("r1", "\"voters\":[1,2,3],\"learners\":[]", java.time.Duration.ofSeconds(10));
        as("sysadmin", "r1", "sync-service").delete("/v1/registrars/r9").then().statusCode(404)
                .body("reason", equalTo("UNKNOWN_REGISTRAR"));
    }
}
