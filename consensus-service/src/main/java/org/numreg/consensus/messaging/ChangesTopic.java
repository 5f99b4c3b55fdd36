package org.numreg.consensus.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.support.config.RegistrarConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * This registrar's changes topic, read as the journal it is: one partition in log order, every
 * event with headers naming its (position, index), kept for ever. The publisher asks it where
 * it ends; a peer that installs this registrar's snapshot reads the events it lacks from it.
 */
@ApplicationScoped
public class ChangesTopic {

    private static final Logger LOG = Logger.getLogger(ChangesTopic.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** A (position, index) in the log's event sequence. */
    public record Cursor(long position, int index) {
        public static final Cursor START = new Cursor(0, -1);

        /** The event that must follow {@code previous} — or come first after position {@code after}. */
        public static Cursor dueAfter(ChangeEvent previous, long after) {
            return previous == null ? new Cursor(after + 1, 0)
                    : new Cursor(previous.position(), previous.index()).following(previous.completesPosition());
        }

        /** The event after this one: the next position's first if this one ends its position, else its position's next. */
        Cursor following(boolean endsPosition) {
            return endsPosition ? new Cursor(position + 1, 0) : new Cursor(position, index + 1);
        }

        public boolean names(ChangeEvent event) {
            return event.position() == position && event.index() == index;
        }

        boolean isAfter(Cursor other) {
            return position > other.position || position == other.position && index > other.index;
        }

        /** Whether {@code next} may follow this event, not knowing whether this one ends its position. */
        boolean mayBeFollowedBy(Cursor next) {
            return next.equals(following(false)) || next.equals(following(true));
        }
    }

    /** Takes events in log order. */
    @FunctionalInterface
    public interface EventSink {
        void accept(Cursor cursor, byte[] payload) throws Exception;
    }

    private final RegistrarConfig registrar;
    private final Map<String, Object> kafka;

    ChangesTopic(RegistrarConfig registrar, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.registrar = registrar;
        this.kafka = kafka;
    }

    public String name() {
        return registrar.changesTopic();
    }

    Map<String, Object> kafka() {
        return kafka;
    }

    /** One partition (its order is the log's), never deleted by time or size: it is the journal. */
    void createIfMissing() throws InterruptedException {
        try (Admin admin = Admin.create(kafka)) {
            NewTopic topic = new NewTopic(name(), 1, (short) -1).configs(Map.of(
                    TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"));
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof("created topic %s (one partition: its order is the log's; kept for ever)", name());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer creating " + name(), e);
        }
    }

    /** The (position, index) of the topic's last event, read from the topic itself. */
    Cursor last() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition partition = partition();
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            return end == 0 ? Cursor.START : cursorOf(recordAt(consumer, end - 1));
        }
    }

    /**
     * Hands {@code sink} every event of the positions after {@code after} through {@code through},
     * in order. Finds the first by bisecting the offsets (positions grow with them), so it reads
     * only what it hands out. Fails when the topic no longer starts early enough.
     */
    public void read(long after, long through, EventSink sink) throws Exception {
        if (through <= after) {
            return;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.seek(partition(), firstOffset(consumer, cursor -> cursor.position() <= after));
            ChangeEvent previous = null;
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ChangeEvent event = ChangeEvent.fromJson(record.value());
                    if (event.position() > through) {
                        return;
                    }
                    Cursor due = Cursor.dueAfter(previous, after);
                    if (!due.names(event)) {
                        throw new IllegalStateException(name() + " holds event " + event.id() + " where " + due
                                + " was due: its history is incomplete");
                    }
                    sink.accept(due, record.value());
                    previous = event;
                    deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
                    if (event.position() == through && event.completesPosition()) {
                        return;
                    }
                }
            }
            throw new IllegalStateException(name() + " did not yield position " + through + " within " + READ_TIMEOUT);
        }
    }

    /**
     * Whether the topic holds these events one after the other, nothing between them: what a
     * publisher skips as published before must not hide a lost event the topic holds later ones of.
     */
    boolean holdsInOrder(List<Cursor> cursors) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Cursor first = cursors.getFirst();
            long offset = firstOffset(consumer, first::isAfter);
            long end = consumer.endOffsets(List.of(partition())).get(partition());
            consumer.seek(partition(), offset);
            int matched = 0;
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (matched < cursors.size() && offset < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!cursorOf(record).equals(cursors.get(matched))) {
                        return false;
                    }
                    if (++matched == cursors.size()) {
                        return true;
                    }
                    offset = record.offset() + 1;
                }
            }
            return false;
        }
    }

    /** The log's hash chain after {@code position}, as this topic's events of it carry it. */
    public String hashAt(long position) throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> hash = new java.util.concurrent.atomic.AtomicReference<>();
        read(position - 1, position, (cursor, payload) -> hash.compareAndSet(null, ChangeEvent.fromJson(payload).hash()));
        return hash.get();
    }

    /**
     * The offset of the first event not {@code before} (the end when there is none), found by
     * bisecting the offsets: cursors grow with them. Assigns the partition to {@code consumer}.
     */
    private long firstOffset(KafkaConsumer<byte[], byte[]> consumer, Predicate<Cursor> before) {
        TopicPartition partition = partition();
        consumer.assign(List.of(partition));
        long low = consumer.beginningOffsets(List.of(partition)).get(partition);
        long high = consumer.endOffsets(List.of(partition)).get(partition);
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (before.test(cursorOf(recordAt(consumer, middle)))) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private ConsumerRecord<byte[], byte[]> recordAt(KafkaConsumer<byte[], byte[]> consumer, long offset) {
        consumer.seek(partition(), offset);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() >= offset) {
                    return record;
                }
            }
        }
        throw new IllegalStateException("could not read offset " + offset + " of " + name());
    }

    static Cursor cursorOf(ConsumerRecord<byte[], byte[]> record) {
        return new Cursor(Long.parseLong(header(record, "numregposition")),
                Integer.parseInt(header(record, "numregindex")));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = Optional.ofNullable(record.headers().lastHeader(name))
                .orElseThrow(() -> new IllegalStateException("event without header " + name + " at offset "
                        + record.offset()));
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private TopicPartition partition() {
        return new TopicPartition(name(), 0);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "numreg-journal-" + registrar.id());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
