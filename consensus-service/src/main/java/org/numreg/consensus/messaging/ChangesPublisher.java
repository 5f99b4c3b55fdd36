package org.numreg.consensus.messaging;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.numreg.registry.codec.ChangeEvent;

import javax.sql.DataSource;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes the registrar's changes topic, in log order and exactly once. It is the topic's only
 * writer, called by the applier thread alone (so it takes no locks): an apply's events go to
 * Kafka, acknowledged by all in-sync replicas, before the apply's transaction commits. So the
 * topic never lacks what the database holds; after a crash that lost the commit, the registrar
 * applies the same positions again (the state machine is deterministic) and the events the topic
 * holds already are skipped.
 *
 * <p>A snapshot install's events come through the {@code outbox} table (they are checked whole
 * before anything of them may be published): they are published, and their rows deleted, before
 * anything after them.
 */
@ApplicationScoped
public class ChangesPublisher {

    private static final Logger LOG = Logger.getLogger(ChangesPublisher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    /** Kafka did not take the events (or the topic lacks events it should hold): nothing may commit. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final DataSource db;
    private final ChangesTopic topic;
    private volatile KafkaProducer<String, byte[]> producer;
    /** The outbox may hold events: at start (a snapshot installed before a crash), and after an install. */
    private boolean outboxWritten = true;
    private volatile ChangesTopic.Cursor published = ChangesTopic.Cursor.START;

    ChangesPublisher(DataSource db, ChangesTopic topic) {
        this.db = db;
        this.topic = topic;
    }

    void stop(@Observes ShutdownEvent event) {
        disconnect(Duration.ZERO);
    }

    /**
     * Puts these events (every event of some positions, in log order) on the topic and waits
     * until Kafka acknowledged them; the outbox's events first. Throws {@link Unavailable} when
     * it could not: the caller must not commit what the events describe.
     */
    public void publish(List<TopicEvent> events) {
        try {
            if (producer == null) {
                connect();
            }
            if (outboxWritten) {
                publishOutbox();
                outboxWritten = false;
            }
            send(events);
        } catch (Exception e) {
            boolean interrupted = e instanceof InterruptedException || Thread.currentThread().isInterrupted();
            // Waiting lets what was sent land before the topic is read again.
            disconnect(interrupted ? Duration.ZERO : ACK_TIMEOUT);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof Unavailable unavailable ? unavailable
                    : new Unavailable("publishing to " + topic.name() + " failed: " + e, e);
        }
    }

    /** A snapshot's events were committed to the outbox: they go to the topic before anything after them. */
    public void outboxWritten() {
        outboxWritten = true;
    }

    /** The last position whose events are all on the topic (as far as this publisher knows). */
    public long publishedPosition() {
        return published.position();
    }

    /** Waits until the topic holds every event through {@code position}. */
    public void awaitPublished(long position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (publishedPosition() < position) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the topic does not hold position " + position + " after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private void connect() throws InterruptedException {
        topic.createIfMissing();
        published = topic.last();
        producer = producer();
        LOG.infof("publishing to %s after position %d", topic.name(), published.position());
    }

    private void disconnect(Duration wait) {
        KafkaProducer<String, byte[]> closing = producer;
        producer = null;
        if (closing != null) {
            closing.close(wait);
        }
    }

    private void publishOutbox() throws Exception {
        List<TopicEvent> rows;
        do {
            try (Connection connection = db.getConnection()) {
                rows = Outbox.after(connection, published);
            }
            send(rows);
        } while (rows.size() == Outbox.BATCH);
        try (Connection connection = db.getConnection()) {
            Outbox.deleteThrough(connection, published);
        }
    }

    /** Sends what the topic lacks of {@code events} (in log order); they must continue where it ends. */
    private void send(List<TopicEvent> events) throws Exception {
        String name = topic.name();
        // Those the topic holds already lead: published before a crash that lost the commit, or
        // before a failure whose later events Kafka took all the same — then one of them is missing.
        int onTopic = 0;
        while (onTopic < events.size() && !events.get(onTopic).cursor().isAfter(published)) {
            onTopic++;
        }
        if (onTopic > 0 && !topic.holdsInOrder(events.subList(0, onTopic).stream().map(TopicEvent::cursor).toList())) {
            throw new Unavailable(name + " ends at " + published + " but lacks some of the events "
                    + events.getFirst().cursor() + " to " + events.get(onTopic - 1).cursor()
                    + ": the topic lost events before later ones", null);
        }
        List<Future<?>> acks = new ArrayList<>(events.size() - onTopic);
        ChangesTopic.Cursor last = published;
        for (TopicEvent event : events.subList(onTopic, events.size())) {
            ChangesTopic.Cursor cursor = event.cursor();
            if (!last.mayBeFollowedBy(cursor)) {
                throw new Unavailable(name + " ends at " + last + " but the next event is " + cursor
                        + ": the topic lost events this registrar applied", null);
            }
            // One partition and no key: the topic's order is the log's order.
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(name, 0, null, event.payload());
            ChangeEvent.kafkaHeaders(event.position(), event.index()).forEach(record.headers()::add);
            acks.add(producer.send(record));
            last = cursor;
        }
        if (acks.isEmpty()) {
            return;
        }
        // No flush(): with linger.ms 0 the records are on their way already, and waiting on each
        // acknowledgement is what the apply needs; flush() made a commit cost 20-35 % more CPU
        // (docs/architecture.md, Decisions).
        for (Future<?> ack : acks) {
            ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        published = last;
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(topic.kafka());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // An apply waits for its events' acknowledgement: send at once, and give up in time.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ACK_TIMEOUT.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ACK_TIMEOUT.toMillis());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
