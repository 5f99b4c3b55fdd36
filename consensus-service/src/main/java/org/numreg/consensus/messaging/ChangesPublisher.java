package org.numreg.consensus.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.numreg.registry.codec.ChangeEvent;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox to the registrar's changes topic in log order, exactly once: it alone
 * writes the topic; before publishing it asks the topic which event came last and skips what is
 * there; it deletes outbox rows only after Kafka acknowledged them. After any failure it starts
 * over from the topic's last event.
 *
 * <p>The applier hands over what it committed, so that in the steady state nothing is read back
 * from the outbox: a handed batch is published when it continues exactly where the topic ends.
 * The outbox is read when it may hold more than was handed over: at start, after a failure, when
 * the hand-over queue was full (16 MB), and after rows were written without a hand-over.
 */
@ApplicationScoped
public class ChangesPublisher {

    private static final Logger LOG = Logger.getLogger(ChangesPublisher.class);
    private static final int BATCH = 1000;
    /**
     * Bytes of handed events waiting to be published, at most: beyond, batches are left to the
     * outbox (a registrar catching up applies large batches faster than a slow Kafka takes them).
     */
    private static final long HANDED_BYTES = 16L << 20;

    private final AgroalDataSource db;
    private final ChangesTopic topic;
    private final Object signal = new Object();
    private volatile boolean running;
    private volatile ChangesTopic.Cursor published = ChangesTopic.Cursor.START;
    private final Queue<Handed> handed = new ConcurrentLinkedQueue<>();
    private final AtomicLong handedBytes = new AtomicLong();
    /**
     * Whether the outbox may hold events after {@link #published} that no handed batch holds.
     * While it is false, {@code published} is the last event of its position: the publisher
     * published a handed batch (whole positions) or read all the outbox held.
     */
    private volatile boolean outboxAhead = true;
    private Thread thread;

    ChangesPublisher(AgroalDataSource db, ChangesTopic topic) {
        this.db = db;
        this.topic = topic;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = Thread.ofPlatform().name("changes-publisher").start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }

    /** The applier committed these events: every event of the positions after {@code afterPosition} through the last row's. */
    public void committed(long afterPosition, List<OutboxRow> events) {
        if (!events.isEmpty()) {
            hand(new Handed(afterPosition, events, events.stream().mapToLong(event -> event.payload().length).sum()));
        }
        signal();
    }

    private void hand(Handed batch) {
        if (handedBytes.addAndGet(batch.bytes()) <= HANDED_BYTES) {
            handed.add(batch);
        } else {
            handedBytes.addAndGet(-batch.bytes());
            outboxAhead = true; // the outbox has it
        }
    }

    /** Rows were written to the outbox without being handed over. */
    public void outboxWritten() {
        outboxAhead = true;
        signal();
    }

    private void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
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

    private void run() {
        while (running) {
            try (KafkaProducer<String, byte[]> producer = producer()) {
                topic.createIfMissing();
                published = topic.last();
                outboxAhead = true;
                deleteThrough(published);
                LOG.infof("publishing to %s after position %d", topic.name(), published.position());
                while (running) {
                    List<OutboxRow> rows = nextHanded();
                    if (rows == null && (outboxAhead || firstUnpublished() != null)) {
                        outboxAhead = false; // before reading: a writer that sets it meanwhile is seen next turn
                        rows = readOutbox();
                        // A read the limit cut leaves more; one it did not cut ends where a committed transaction ends.
                        if (rows.size() == BATCH) {
                            outboxAhead = true;
                        }
                    }
                    if (rows != null && !rows.isEmpty()) {
                        publish(producer, rows);
                        continue;
                    }
                    synchronized (signal) {
                        if (!outboxAhead && !continuesTopic(firstUnpublished())) { // writers change these, then signal
                            signal.wait(200);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("publishing to %s failed, starting over from the topic's last event: %s", topic.name(), e.toString());
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private record Handed(long afterPosition, List<OutboxRow> events, long bytes) {
    }

    /** The events of the first handed batch not yet published, if it continues the topic. */
    private List<OutboxRow> nextHanded() {
        return continuesTopic(firstUnpublished()) ? takeHanded().events() : null;
    }

    private Handed firstUnpublished() {
        Handed batch = handed.peek();
        while (batch != null && batch.events().getLast().position() <= published.position()) {
            takeHanded();
            batch = handed.peek();
        }
        return batch;
    }

    private Handed takeHanded() {
        Handed batch = handed.poll();
        handedBytes.addAndGet(-batch.bytes());
        return batch;
    }

    private boolean continuesTopic(Handed batch) {
        return batch != null && !outboxAhead && batch.afterPosition() == published.position();
    }

    private void publish(KafkaProducer<String, byte[]> producer, List<OutboxRow> rows) throws Exception {
        List<Future<?>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            // One partition and no key: the topic's order is the log's order.
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), 0, null, row.payload());
            record.headers().add("content-type", ChangeEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            record.headers().add("numregposition", Long.toString(row.position()).getBytes(StandardCharsets.UTF_8));
            record.headers().add("numregindex", Integer.toString(row.index()).getBytes(StandardCharsets.UTF_8));
            acks.add(producer.send(record));
        }
        producer.flush();
        for (Future<?> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        OutboxRow first = rows.getFirst();
        OutboxRow last = rows.getLast();
        published = new ChangesTopic.Cursor(last.position(), last.index());
        // Bounded below too: the rows before were deleted already, and an index scan from the
        // table's start would step over all of them while vacuum has not yet removed them.
        delete("DELETE FROM outbox WHERE (position, idx) >= (?, ?) AND (position, idx) <= (?, ?)",
                first.position(), first.index(), last.position(), last.index());
    }

    private List<OutboxRow> readOutbox() throws SQLException {
        try (Connection connection = db.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT position, idx, payload FROM outbox WHERE (position, idx) > (?, ?) ORDER BY position, idx LIMIT "
                             + BATCH)) {
            statement.setLong(1, published.position());
            statement.setInt(2, published.index());
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getInt(2), rs.getBytes(3)));
                }
            }
            return rows;
        }
    }

    private void deleteThrough(ChangesTopic.Cursor cursor) throws SQLException {
        delete("DELETE FROM outbox WHERE (position, idx) <= (?, ?)", cursor.position(), cursor.index());
    }

    private void delete(String sql, long... bounds) throws SQLException {
        try (Connection connection = db.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < bounds.length; i++) {
                statement.setLong(i + 1, bounds[i]);
            }
            statement.executeUpdate();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(topic.kafka());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
