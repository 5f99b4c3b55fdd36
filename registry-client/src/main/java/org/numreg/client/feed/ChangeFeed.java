package org.numreg.client.feed;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.support.config.RegistrarConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows the registrar's numreg.changes topic into this service's {@link Projection}, from where
 * its checkpoint says it stopped. Each poll is one database transaction: the checkpoint row is
 * locked, events it covers are skipped (replicas sharing a database, replays), the rest applied,
 * the checkpoint moved. A failure starts over from the stored checkpoint.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    private final Projection projection;
    private final AgroalDataSource db;
    private final RegistrarConfig registrar;
    private final Map<String, Object> kafka;
    private final FeedProgress progress;
    private volatile boolean running;
    private volatile CompletableFuture<Void> rebuild;
    private volatile String failure;
    private Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    ChangeFeed(Projection projection, AgroalDataSource db, RegistrarConfig registrar,
               @Identifier("default-kafka-broker") Map<String, Object> kafka, FeedProgress progress) {
        this.projection = projection;
        this.db = db;
        this.registrar = registrar;
        this.kafka = kafka;
        this.progress = progress;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = Thread.ofPlatform().name("change-feed").start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> polling = consumer;
        if (polling != null) {
            polling.wakeup();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }

    /**
     * Empties the read model and reads the topic again from its start; returns once it is empty
     * (reads see it grow back from position 0).
     */
    public void rebuild() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        rebuild = done;
        done.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Why the feed is stuck, or null while it follows the topic. */
    public String failure() {
        return failure;
    }

    /**
     * The last position the read model holds completely, as {@code connection}'s transaction sees
     * it (with everything else it reads there: one consistent view).
     */
    public long completePosition(Connection connection) throws SQLException {
        return Checkpoint.read(connection, projection.name()).completePosition();
    }

    public String topic() {
        return registrar.changesTopic();
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                this.consumer = consumer;
                follow(consumer);
            } catch (WakeupException | InterruptException e) {
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                failure = e.toString();
                LOG.warnf("following %s failed, starting over from the checkpoint: %s", topic(), e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void follow(KafkaConsumer<byte[], byte[]> consumer) throws SQLException {
        TopicPartition partition = new TopicPartition(topic(), 0);
        consumer.assign(List.of(partition));
        Checkpoint checkpoint = transaction(Checkpoint::lock);
        progress.reached(checkpoint.completePosition());
        consumer.seek(partition, checkpoint.nextOffset());
        while (running) {
            CompletableFuture<Void> requested = rebuild;
            if (requested != null) {
                transaction((connection, name) -> {
                    projection.clear(connection);
                    Checkpoint.START.save(connection, name);
                    return Checkpoint.START;
                });
                rebuild = null;
                progress.reset();
                consumer.seek(partition, 0);
                requested.complete(null);
                LOG.infof("rebuilding %s from the start of %s", projection.name(), topic());
                continue;
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            if (records.isEmpty()) {
                continue;
            }
            List<ChangeEvent> events = new ArrayList<>(records.count());
            long firstOffset = -1;
            long nextOffset = 0;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                firstOffset = firstOffset < 0 ? record.offset() : firstOffset;
                nextOffset = record.offset() + 1;
                events.add(ChangeEvent.fromJson(record.value()));
            }
            long first = firstOffset;
            long next = nextOffset;
            Checkpoint after = transaction((connection, name) -> {
                Checkpoint stored = Checkpoint.lock(connection, name);
                if (stored.nextOffset() < first) {
                    // Events before this poll are not in the read model (another replica rebuilt it): go back for them.
                    return stored;
                }
                List<ChangeEvent> fresh = events.stream().filter(e -> !stored.covers(e)).toList();
                if (!fresh.isEmpty()) {
                    projection.apply(connection, fresh);
                }
                Checkpoint moved = stored.after(fresh, next);
                moved.save(connection, name);
                return moved;
            });
            if (after.nextOffset() < first) {
                consumer.seek(partition, after.nextOffset());
                continue;
            }
            projection.seen(events);
            progress.reached(after.completePosition());
            failure = null;
        }
    }

    private interface Work {
        Checkpoint run(Connection connection, String projection) throws SQLException;
    }

    private Checkpoint transaction(Work work) throws SQLException {
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Checkpoint result = work.run(connection, projection.name());
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, projection.name() + "-feed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
