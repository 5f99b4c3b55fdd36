package org.numreg.client.feed;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.support.config.RegistrarConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Follows the registrar's numreg.changes topic into this service's {@link Projection}: the
 * channel {@value #CHANNEL} of SmallRye Reactive Messaging's Kafka connector, in batches. Each
 * batch is one database transaction: the checkpoint row is locked, events it covers are skipped
 * (replicas sharing a database, replays), the rest applied, the checkpoint moved. Offsets are
 * never committed to Kafka: the checkpoint in the read model's own database says where to read
 * on, so each time the partition is assigned (a start, a reconnect) the consumer seeks there,
 * and a failure starts over from there too. Exactly once into the read model.
 */
@ApplicationScoped
@Default // and, for the connector, by its name:
@Identifier(ChangeFeed.REBALANCE_LISTENER)
public class ChangeFeed implements KafkaConsumerRebalanceListener {

    static final String CHANNEL = "numreg-changes";
    static final String REBALANCE_LISTENER = "numreg-changes-checkpoint";
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    private final Projection projection;
    private final AgroalDataSource db;
    private final RegistrarConfig registrar;
    private final FeedProgress progress;
    private final KafkaClientService kafka;
    private final FeedSpans spans;
    private volatile String failure;

    ChangeFeed(Projection projection, AgroalDataSource db, RegistrarConfig registrar, FeedProgress progress,
               KafkaClientService kafka, FeedSpans spans) {
        this.spans = spans;
        this.projection = projection;
        this.db = db;
        this.registrar = registrar;
        this.progress = progress;
        this.kafka = kafka;
    }

    /** The partition is this consumer's: read on from the checkpoint (on the connector's polling thread). */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        try {
            Checkpoint checkpoint = transaction(Checkpoint::lock);
            progress.reached(checkpoint.completePosition());
            partitions.forEach(partition -> consumer.seek(partition, checkpoint.nextOffset()));
        } catch (SQLException e) {
            failure = e.toString();
            throw new IllegalStateException("cannot read the checkpoint of " + projection.name(), e);
        }
    }

    /** One poll's records, in topic order, into the read model (a worker thread; the next batch waits). */
    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void apply(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            applyOnce(records);
            failure = null;
        } catch (Exception e) {
            failure = e.toString();
            LOG.warnf("following %s failed, starting over from the checkpoint: %s", topic(), e);
            pause(Duration.ofSeconds(1));
            seekToCheckpoint();
        }
    }

    private void applyOnce(ConsumerRecords<byte[], byte[]> records) throws SQLException {
        List<ChangeEvent> events = new ArrayList<>(records.count());
        long first = -1;
        long next = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            first = first < 0 ? record.offset() : first;
            next = record.offset() + 1;
            events.add(ChangeEvent.fromJson(record.value()));
        }
        long firstOffset = first;
        long nextOffset = next;
        Instant started = Instant.now();
        List<ChangeEvent> applied = new ArrayList<>();
        Checkpoint after = transaction((connection, name) -> {
            Checkpoint stored = Checkpoint.lock(connection, name);
            if (stored.nextOffset() < firstOffset) {
                // Events before this batch are not in the read model (it was rebuilt): go back for them.
                return stored;
            }
            List<ChangeEvent> fresh = events.stream().filter(e -> !stored.covers(e)).toList();
            if (!fresh.isEmpty()) {
                projection.apply(connection, fresh);
                applied.addAll(fresh);
            }
            Checkpoint moved = stored.after(fresh, nextOffset);
            moved.save(connection, name);
            return moved;
        });
        if (after.nextOffset() < firstOffset) {
            seek(after.nextOffset());
            return;
        }
        projection.seen(events);
        progress.reached(after.completePosition());
        spans.applied(projection.name(), applied, started);
    }

    /**
     * Empties the read model and reads the topic again from its start; returns once it is empty
     * (reads see it grow back from position 0).
     */
    public void rebuild() {
        try {
            transaction((connection, name) -> {
                projection.clear(connection);
                Checkpoint.START.save(connection, name);
                return Checkpoint.START;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the read model " + projection.name(), e);
        }
        progress.reset();
        seek(0);
        LOG.infof("rebuilding %s from the start of %s", projection.name(), topic());
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

    private void seekToCheckpoint() {
        try {
            seek(transaction(Checkpoint::lock).nextOffset());
        } catch (Exception e) {
            LOG.warnf("cannot read the checkpoint of %s yet: %s", projection.name(), e);
        }
    }

    /** Reads on from {@code offset}: batches already fetched beyond it go back there themselves (see above). */
    private void seek(long offset) {
        TopicPartition partition = new TopicPartition(topic(), 0);
        kafka.<byte[], byte[]>getConsumer(CHANNEL).runOnPollingThread(consumer -> {
            consumer.seek(partition, offset);
        }).await().atMost(Duration.ofSeconds(30));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Work {
        Checkpoint run(Connection connection, String projection) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction of its own: JDBC through {@code connection} and the
     * Panache entities of the read model share it (the datasource enlists one connection per
     * transaction), so both commit with the checkpoint or neither does.
     */
    private Checkpoint transaction(Work work) throws SQLException {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection connection = db.getConnection()) {
                    return work.run(connection, projection.name());
                }
            });
        } catch (QuarkusTransactionException e) {
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
