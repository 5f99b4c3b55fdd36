package org.numreg.consensus.messaging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.PostgresServer;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.support.config.RegistrarConfig;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The changes topic holds each event once, in log order, whatever crashed in between: a
 * registrar that lost an apply's commit after its events reached Kafka applies the same
 * positions again, and the publisher of the restarted process skips what the topic holds.
 * Real Kafka and PostgreSQL; a topic and a database of the test's own.
 */
@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class ChangesPublisherTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private ChangesTopic topic;
    private PGSimpleDataSource db;
    private final List<ChangesPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void ownTopicAndDatabase() {
        String name = "publisher-test-" + UUID.randomUUID();
        topic = new ChangesTopic(new RegistrarConfig() {
            @Override
            public String id() {
                return "r1";
            }

            @Override
            public String changesTopic() {
                return name;
            }
        }, kafka);
        db = new PGSimpleDataSource();
        db.setURL(TestInfra.shared().postgres().jdbcUrl(TestInfra.shared().newDatabase("publisher")));
        db.setUser(PostgresServer.USER);
        Flyway.configure().dataSource(db).locations("classpath:db/support", "classpath:db/registry", "classpath:db/migration")
                .load().migrate();
    }

    @AfterEach
    void stopPublishers() {
        publishers.forEach(publisher -> publisher.stop(null));
    }

    @Test
    void aRestartedPublisherSkipsTheEventsTheTopicHoldsAlready() {
        newPublisher().publish(List.of(event(1, 0), event(2, 0), event(2, 1), event(3, 0)));
        // The process died before its apply committed: the new one applies positions 2.. again.
        ChangesPublisher restarted = newPublisher();
        restarted.publish(List.of(event(2, 0), event(2, 1), event(3, 0), event(4, 0), event(5, 0)));
        assertThat(topicEvents()).containsExactly("1/0", "2/0", "2/1", "3/0", "4/0", "5/0");
        assertThat(restarted.publishedPosition()).isEqualTo(5);
    }

    @Test
    void eventsThatDoNotContinueTheTopicAreRefusedAndNothingIsPublished() {
        ChangesPublisher publisher = newPublisher();
        publisher.publish(List.of(event(1, 0), event(2, 0)));
        assertThatThrownBy(() -> publisher.publish(List.of(event(4, 0), event(5, 0))))
                .isInstanceOf(ChangesPublisher.Unavailable.class).hasMessageContaining("lost events");
        assertThat(topicEvents()).containsExactly("1/0", "2/0");
        publisher.publish(List.of(event(3, 0)));
        assertThat(topicEvents()).containsExactly("1/0", "2/0", "3/0");
    }

    @Test
    void aTopicThatLostAnEventBeforeLaterOnesIsRefusedNotSkippedOver() throws Exception {
        newPublisher().publish(List.of(event(1, 0), event(2, 0)));
        // Kafka failed event 3 but took event 4 (sent after it) all the same; the apply did not commit.
        try (KafkaProducer<String, byte[]> other = new KafkaProducer<>(kafka, new StringSerializer(), new ByteArraySerializer())) {
            TopicEvent event = event(4, 0);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), 0, null, event.payload());
            ChangeEvent.kafkaHeaders(event.position(), event.index()).forEach(record.headers()::add);
            other.send(record).get();
        }
        ChangesPublisher reconnected = newPublisher();
        assertThatThrownBy(() -> reconnected.publish(List.of(event(3, 0), event(4, 0), event(5, 0))))
                .isInstanceOf(ChangesPublisher.Unavailable.class).hasMessageContaining("lost events");
        assertThat(topicEvents()).containsExactly("1/0", "2/0", "4/0");
    }

    @Test
    void anInstalledSnapshotsEventsGoFirstAndLeaveTheOutbox() throws Exception {
        ChangesPublisher publisher = newPublisher();
        publisher.publish(List.of(event(1, 0)));
        try (Connection connection = db.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox (position, idx, payload) VALUES (?, ?, ?)")) {
            for (TopicEvent event : List.of(event(2, 0), event(3, 0), event(3, 1))) {
                insert.setLong(1, event.position());
                insert.setInt(2, event.index());
                insert.setBytes(3, event.payload());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        publisher.outboxWritten();
        publisher.publish(List.of(event(4, 0)));
        assertThat(topicEvents()).containsExactly("1/0", "2/0", "3/0", "3/1", "4/0");
        try (Connection connection = db.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM outbox")) {
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
    }

    private ChangesPublisher newPublisher() {
        ChangesPublisher publisher = new ChangesPublisher(db, topic);
        publishers.add(publisher);
        return publisher;
    }

    private static TopicEvent event(long position, int index) {
        return new TopicEvent(position, index, ("{\"position\":" + position + ",\"index\":" + index + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The topic's events as position/index, checked against their payloads. */
    private List<String> topicEvents() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ChangesTopic.Cursor cursor = ChangesTopic.cursorOf(record);
                    assertThat(new String(record.value(), StandardCharsets.UTF_8))
                            .isEqualTo("{\"position\":" + cursor.position() + ",\"index\":" + cursor.index() + "}");
                    events.add(cursor.position() + "/" + cursor.index());
                }
            }
        }
        return events;
    }
}
