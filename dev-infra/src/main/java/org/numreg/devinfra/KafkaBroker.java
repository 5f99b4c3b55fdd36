package org.numreg.devinfra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller), in its own JVM with the
 * classpath of the Kafka release it is (the Quarkus BOM pins an older client). Its storage is
 * formatted once; a restart on the same directory keeps the topics.
 */
public final class KafkaBroker implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private KafkaBroker(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the broker process; {@link #awaitReady()} waits until it answers. */
    public static KafkaBroker launch(Path where, int port, int controllerPort, String heap) {
        Path dir = where.toAbsolutePath();
        try {
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            Path config = dir.resolve("server.properties");
            Files.writeString(config, serverProperties(data, port, controllerPort));
            List<String> java = List.of(javaBin(), "-Xms64m", "-Xmx" + heap, "-XX:+UseSerialGC",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                    "-cp", Dists.kafkaClasspath());
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(java, config, dir);
            }
            List<String> command = new ArrayList<>(java);
            command.addAll(List.of("kafka.Kafka", config.toString()));
            ChildProcess process = ChildProcess.start("kafka", command, Map.of(), dir, dir.resolve("kafka.log"));
            return new KafkaBroker(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka in " + dir, e);
        }
    }

    public KafkaBroker awaitReady() {
        Await.ready(process, Duration.ofSeconds(90), this::answers);
        return this;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    private boolean answers() throws Exception {
        if (!Ports.inUse(port)) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        }
    }

    private static void format(List<String> java, Path config, Path dir) {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone",
                "-t", clusterId(), "-c", config.toString()));
        try (ChildProcess format = ChildProcess.start("kafka-storage-format", command, Map.of(), dir,
                dir.resolve("kafka-format.log"))) {
            int exit = format.awaitExit(Duration.ofSeconds(60));
            if (exit != 0) {
                throw new IllegalStateException("formatting Kafka storage failed (exit " + exit + "):\n"
                        + format.logTail(20));
            }
        }
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            throw new IllegalStateException("formatting Kafka storage failed; see " + dir.resolve("kafka-format.log"));
        }
    }

    /** A Kafka cluster id; Kafka's own generator never starts one with '-', which the tool would read as an option. */
    private static String clusterId() {
        return Uuid.randomUuid().toString();
    }

    private static String serverProperties(Path data, int port, int controllerPort) {
        return """
                process.roles=broker,controller
                node.id=1
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                log.dirs=%3$s
                num.partitions=1
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, data);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        process.close();
    }
}
