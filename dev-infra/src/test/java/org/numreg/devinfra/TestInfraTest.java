package org.numreg.devinfra;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts the real servers, uses each as a service would, stops them, and checks nothing is left. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestInfraTest {

    @TempDir
    static Path dir;
    private TestInfra infra;

    @BeforeAll
    void start() {
        infra = TestInfra.start(dir.resolve("infra"));
    }

    @AfterAll
    void stopIfStillRunning() {
        infra.close();
    }

    @Test
    @Order(1)
    void postgresRoundTrip() throws Exception {
        String database = infra.newDatabase("roundtrip");
        try (Connection connection = infra.postgres().connect(database);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE number_record (e164 text PRIMARY KEY, ocn text NOT NULL)");
            statement.execute("INSERT INTO number_record VALUES ('+13125550100', '1510')");
            ResultSet rows = statement.executeQuery("SELECT ocn, version() FROM number_record WHERE e164 = '+13125550100'");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("1510");
            assertThat(rows.getString(2)).startsWith("PostgreSQL 18.");
        }
    }

    @Test
    @Order(2)
    void kafkaProduceAndConsume() throws Exception {
        String topic = "infra-test.numreg.changes";
        Map<String, Object> common = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
            for (int i = 1; i <= 3; i++) {
                producer.send(new ProducerRecord<>(topic, "+1312555010" + i, "event-" + i)).get();
            }
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "infra-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        assertThat(values).containsExactly("event-1", "event-2", "event-3");
    }

    @Test
    @Order(3)
    void aliceTokenCarriesHerOcnAndRole() {
        JsonNode claims = Tokens.claims(infra.accessToken("alice"));
        assertThat(claims.path("iss").asText()).isEqualTo(infra.keycloak().realmUrl());
        assertThat(claims.path("preferred_username").asText()).isEqualTo("alice");
        assertThat(claims.path("ocns").toString()).isEqualTo("[\"1510\"]");
        assertThat(claims.path("realm_access").path("roles").toString()).contains("ocn-admin");
        assertThat(claims.path("aud").toString()).contains("numreg");
    }

    @Test
    @Order(4)
    void registrarServiceAccountGetsATokenAndWrongPasswordsDoNot() {
        JsonNode claims = Tokens.claims(infra.registrarToken("r2"));
        assertThat(claims.path("azp").asText()).isEqualTo("numreg-r2");
        assertThat(claims.path("realm_access").path("roles").toString()).contains("registrar");

        Tokens tokens = new Tokens(infra.keycloak().realmUrl());
        assertThatThrownBy(() -> tokens.forUser("alice", Realm.demoPassword("alice")))
                .hasMessageContaining("invalid_grant");
    }

    @Test
    @Order(5)
    void stopLeavesNoProcessBehind() throws Exception {
        List<ProcessHandle> processes = new ArrayList<>();
        for (ChildProcess server : List.of(infra.kafka().process(), infra.keycloak().process())) {
            ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
            processes.add(handle);
            handle.descendants().forEach(processes::add);
        }
        processes.add(infra.postgres().process());
        int postgresPort = infra.postgres().port();
        assertThat(processes).hasSizeGreaterThanOrEqualTo(4).allMatch(ProcessHandle::isAlive);

        infra.close();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(Ports.inUse(postgresPort)).isFalse();
    }
}
