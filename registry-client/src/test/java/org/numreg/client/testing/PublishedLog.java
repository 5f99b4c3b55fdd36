package org.numreg.client.testing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.command.Command;
import org.numreg.registry.event.Applied;
import org.numreg.registry.state.InMemoryRegistryStore;
import org.numreg.registry.state.RegistryRules;
import org.numreg.registry.state.RegistryStateMachine;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A test's stand-in for consensus-service's output: commands applied by the real state machine
 * (in memory) and their events written to a real Kafka topic, as a registrar's publisher writes them.
 */
public final class PublishedLog implements AutoCloseable {

    private final InMemoryRegistryStore store = new InMemoryRegistryStore();
    private final RegistryStateMachine machine = new RegistryStateMachine(store, RegistryRules.DEFAULT);
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Instant start = Instant.parse("2026-11-23T12:00:00Z");
    private long position;
    private final java.util.List<Command> commands = new java.util.ArrayList<>();

    public PublishedLog(String bootstrapServers, String topic) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** A log on the Kafka and changes topic of the service under test (its configuration). */
    public static PublishedLog onThisServicesTopic() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return new PublishedLog(config.getValue("kafka.bootstrap.servers", String.class),
                config.getValue("numreg.registrar.changes-topic", String.class));
    }

    /** Commits {@code command} at the next position and publishes its events; returns what it did. */
    public synchronized Applied commit(Command command) {
        position++;
        commands.add(command);
        Applied applied = machine.apply(position, start.plusSeconds(position), "r1", Principal.ANONYMOUS, command);
        String hash = hashAt(position);
        try {
            for (ChangeEvent event : ChangeEvent.of(applied, hash, null)) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, null, event.toJson());
                ChangeEvent.kafkaHeaders(event.position(), event.index()).forEach(record.headers()::add);
                producer.send(record).get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish position " + position, e);
        }
        return applied;
    }

    /** The hash chain this log shows after {@code position} (a stand-in: the position in hex). */
    public static String hashAt(long position) {
        return HexFormat.of().formatHex(new byte[32]).substring(0, 48) + String.format("%016x", position);
    }

    /** The registry's numbers as they stood after {@code at} positions: the commands replayed on a fresh state machine. */
    public synchronized java.util.List<org.numreg.registry.domain.NumberRecord> numbersAt(long at) {
        InMemoryRegistryStore past = new InMemoryRegistryStore();
        RegistryStateMachine replay = new RegistryStateMachine(past, RegistryRules.DEFAULT);
        for (int i = 0; i < at; i++) {
            replay.apply(i + 1, start.plusSeconds(i + 1), "r1", Principal.ANONYMOUS, commands.get(i));
        }
        return past.numbers();
    }

    public synchronized long position() {
        return position;
    }

    /** The registry's numbers after the commands so far, as every registrar holds them. */
    public synchronized java.util.List<org.numreg.registry.domain.NumberRecord> numbers() {
        return store.numbers();
    }

    @Override
    public void close() {
        producer.close();
    }
}
