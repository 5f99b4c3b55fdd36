package org.numreg.consensus;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.Principal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/**
 * One registrar alone: commands go through Paxos, the state machine and the outbox to Kafka,
 * against real PostgreSQL, Kafka and Keycloak tokens.
 */
@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class CommandApiTest {

    private static String registrarToken;

    @BeforeEach
    void waitForLeadership() throws InterruptedException {
        if (registrarToken != null) {
            return;
        }
        registrarToken = TestInfra.shared().registrarToken("r1");
        for (int i = 0; i < 120 && given().get("/q/health/ready").statusCode() != 200; i++) {
            Thread.sleep(250);
        }
    }

    @Test
    void commandsAreCommittedAppliedAndPublishedInLogOrder() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long open = submit("""
                {"type":"open-range","id":"open-%s","prefix":"+1630","digits":0}""".formatted(suffix))
                .then().statusCode(200).body("events[0].event", equalTo("range-opened"))
                .extract().jsonPath().getLong("position");
        submit("""
                {"type":"register-ocn","id":"ocn-%s","ocn":"1510","name":"Alice Telecom"}""".formatted(suffix))
                .then().statusCode(200);
        Response allocated = submit("""
                {"type":"allocate-number","id":"alloc-%s","ocn":"1510","prefix":"+1630"}""".formatted(suffix));
        allocated.then().statusCode(200)
                .header("Numreg-Position", Long.toString(open + 2))
                .body("events", hasSize(1))
                .body("events[0].number.number", equalTo("+16302000000"));

        // The same command id again: the first answer (from the store, without a new position).
        submit("""
                {"type":"allocate-number","id":"alloc-%s","ocn":"1510","prefix":"+1630"}""".formatted(suffix))
                .then().statusCode(200).header("Numreg-Position", Long.toString(open + 2))
                .body("events[0].number.number", equalTo("+16302000000"));

        // Another command wants the same number: rejected with the reason, as problem+json.
        submit("""
                {"type":"allocate-number","id":"race-%s","ocn":"1510","number":"+16302000000"}""".formatted(suffix))
                .then().statusCode(409).contentType(startsWith("application/problem+json"))
                .body("reason", equalTo("NUMBER_TAKEN")).body("position", equalTo((int) open + 3));

        // Other tests of this class may have written before: their positions come first.
        List<ChangeEvent> events = eventsOnTopic(open + 3).stream().filter(e -> e.position() >= open).toList();
        assertThat(events).extracting(ChangeEvent::position).containsExactly(open, open + 1, open + 2, open + 3);
        assertThat(events).extracting(e -> e.data().typeName()).containsExactly("range-opened", "ocn-registered",
                "number-allocated", "command-rejected");
        assertThat(events.get(2).subject()).isEqualTo("+16302000000");
        assertThat(events).extracting(ChangeEvent::hash).doesNotHaveDuplicates().allMatch(h -> h.length() == 64);

        given().auth().oauth2(registrarToken).get("/v1/log/head").then().statusCode(200)
                .body("position", equalTo((int) open + 3))
                .body("hash", equalTo(events.getLast().hash()))
                .body("role", equalTo("LEADER"));
    }

    @Test
    void theHeadShowsEveryAnsweredCommandAtOnce() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 30; i++) {
            long answered = Long.parseLong(submit("""
                    {"type":"register-ocn","id":"head-%s-%d","ocn":"7%03d","name":"Head %d"}""".formatted(suffix, i, i, i))
                    .then().statusCode(200).extract().header("Numreg-Position"));
            long head = given().auth().oauth2(registrarToken).get("/v1/log/head").jsonPath().getLong("position");
            assertThat(head).as("the head right after the answer of position " + answered).isGreaterThanOrEqualTo(answered);
        }
    }

    @Test
    void badInputIsRefusedWithTheFieldAndChangesNothing() {
        submit("""
                {"type":"allocate-number","id":"bad-1","ocn":"15100","prefix":"+1630"}""")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("ocn"));
        submit("""
                {"type":"allocate-number","id":"bad-2","ocn":"1510","number":"+1630"}""")
                .then().statusCode(400).body("errors[0].field", equalTo("number"));
        submit("{\"type\":\"no-such-command\",\"id\":\"bad-3\"}").then().statusCode(400);
        // The peer port takes bigger bodies than the other services; a command may not.
        int before = given().auth().oauth2(registrarToken).get("/v1/log/head").jsonPath().getInt("position");
        submit("""
                {"type":"register-ocn","id":"bad-4","ocn":"1511","name":"%s"}""".formatted("n".repeat(70_000)))
                .then().statusCode(413).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(registrarToken).get("/v1/log/head").then().body("position", equalTo(before));
    }

    @Test
    void onlyTheRegistrarsServicesMaySubmit() {
        given().contentType("application/json").body("{}").post("/v1/commands").then().statusCode(401);
        given().auth().oauth2(TestInfra.shared().accessToken("alice")).contentType("application/json")
                .body("""
                        {"type":"register-ocn","id":"alice-1","ocn":"9999","name":"X"}""")
                .post("/v1/commands").then().statusCode(403);
        // Another registrar's services hold the role registrar too, but speak for that registrar.
        int before = given().auth().oauth2(registrarToken).get("/v1/log/head").jsonPath().getInt("position");
        given().auth().oauth2(TestInfra.shared().registrarToken("r2")).contentType("application/json")
                .body("""
                        {"type":"register-ocn","id":"r2-1","ocn":"9998","name":"X"}""")
                .post("/v1/commands").then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("numreg-r2"));
        given().auth().oauth2(registrarToken).get("/v1/log/head").then().body("position", equalTo(before));
    }

    @Test
    void eachCommandNamesWhoAskedForItOnTheTopic() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long named = Long.parseLong(given().auth().oauth2(registrarToken).contentType("application/json")
                .header("Numreg-Principal", "Jos%C3%A9%20M.").header("Numreg-Principal-Id", "6c1e-jose")
                .body("""
                        {"type":"register-ocn","id":"who-%s-1","ocn":"7701","name":"Who 1"}""".formatted(suffix))
                .post("/v1/commands").then().statusCode(200).extract().header("Numreg-Position"));
        long own = Long.parseLong(submit("""
                {"type":"register-ocn","id":"who-%s-2","ocn":"7702","name":"Who 2"}""".formatted(suffix))
                .then().statusCode(200).extract().header("Numreg-Position"));

        List<ChangeEvent> events = eventsOnTopic(own);
        ChangeEvent byJose = events.stream().filter(e -> e.position() == named).findFirst().orElseThrow();
        assertThat(byJose.principal()).isEqualTo(new Principal("6c1e-jose", "José M."));
        ChangeEvent byService = events.stream().filter(e -> e.position() == own).findFirst().orElseThrow();
        assertThat(byService.principal().name()).as("a service acting on its own names itself")
                .isEqualTo(ConfigProvider.getConfig().getValue("numreg.consensus.submitters", String.class));
        assertThat(byService.principal().id()).isNotBlank();

        int before = given().auth().oauth2(registrarToken).get("/v1/log/head").jsonPath().getInt("position");
        given().auth().oauth2(registrarToken).contentType("application/json").header("Numreg-Principal", "a%0Ab")
                .body("""
                        {"type":"register-ocn","id":"who-%s-3","ocn":"7703","name":"Who 3"}""".formatted(suffix))
                .post("/v1/commands").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("principal.name"));
        given().auth().oauth2(registrarToken).get("/v1/log/head").then().body("position", equalTo(before));
    }

    @Inject
    AgroalDataSource db;

    @Test
    void acceptorStateIsOnDiskBeforeAnyReplyLeaves() throws SQLException {
        // The test server's own default is off (zonky starts it so): the service must not rely on it.
        try (Connection connection = db.getConnection();
             ResultSet rs = connection.createStatement().executeQuery("SHOW synchronous_commit")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("on");
        }
    }

    private static Response submit(String json) {
        return given().auth().oauth2(registrarToken).contentType("application/json").body(json).post("/v1/commands");
    }

    /** Every event on the changes topic, once it holds {@code lastPosition}. */
    private static List<ChangeEvent> eventsOnTopic(long lastPosition) {
        String topic = ConfigProvider.getConfig().getValue("numreg.registrar.changes-topic", String.class);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.shared().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ChangeEvent> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && (events.isEmpty() || events.getLast().position() < lastPosition)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    events.add(ChangeEvent.fromJson(record.value()));
                }
            }
        }
        return events;
    }
}
