package org.numreg.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.numreg.devinfra.ChildProcess;
import org.numreg.devinfra.LocalRegistry;
import org.numreg.devinfra.PeerCertificates;
import org.numreg.devinfra.Ports;
import org.numreg.devinfra.PostgresServer;
import org.numreg.devinfra.ServiceProcess;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.codec.ChainVerifier;
import org.numreg.registry.codec.ChangeEvent;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several registrars' consensus-services, each its packaged jar in its own process with its own
 * database and changes topic, talking to each other over mutual TLS — on the test JVM's real
 * PostgreSQL, Kafka and Keycloak.
 */
final class ConsensusCluster implements AutoCloseable {

    /** One registrar's consensus-service. */
    final class Registrar {
        final String id;
        final int node;
        final int httpPort = Ports.free();
        final int peerPort = Ports.free();
        /** Where its peers reach it when the links can be cut: a forwarder to its peer port. */
        TcpForwarder links;
        final String database;
        final String topic;
        ChildProcess process;
        /** Its API services (allocation-service, …) once started: module → port and process. */
        final Map<String, Integer> servicePorts = new LinkedHashMap<>();
        final Map<String, ChildProcess> services = new LinkedHashMap<>();
        final Map<String, Map<String, String>> serviceEnvironments = new LinkedHashMap<>();

        Registrar(String id, int node) {
            this.id = id;
            this.node = node;
            this.database = infra.newDatabase(id + "_consensus");
            this.topic = id + "-" + UUID.randomUUID().toString().substring(0, 8) + ".numreg.changes";
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + httpPort + path);
        }

        /** The base URL of one of its API services, e.g. "whois-service". */
        String url(String module) {
            return "http://127.0.0.1:" + servicePorts.get(module);
        }
    }

    /** A log of a few slots: a registrar down for a few commands needs a snapshot to come back. */
    static final Map<String, String> COMPACT_EARLY = Map.of("NUMREG_CONSENSUS_RETAIN_SLOTS", "10",
            "NUMREG_CONSENSUS_COMPACT_EVERY", "10");
    static final Pattern POSITION = Pattern.compile("\"position\":(\\d+)");
    private static final Pattern LEADER = Pattern.compile("\"leader\":(\\d+)");
    private static final Pattern HASH = Pattern.compile("\"hash\":\"([0-9a-f]*)\"");

    private final TestInfra infra = TestInfra.shared().startAll();
    private final Path dir;
    private final Map<String, Registrar> registrars = new LinkedHashMap<>();
    private final Map<String, PeerCertificates.Stores> certificates = new LinkedHashMap<>();
    /** The registrars of the first configuration (those joining later are not among them). */
    private final List<String> first;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private Instant tokensFetched = Instant.EPOCH;
    private final boolean cuttable;
    /** Settings every consensus-service of this cluster starts with. */
    private final Map<String, String> environment;

    ConsensusCluster(List<String> ids) throws Exception {
        this(ids, false, Map.of());
    }

    /**
     * {@code cuttable}: every peer link passes through a {@link TcpForwarder} in front of its
     * receiver, and each registrar connects from a loopback address of its own (127.0.0.1 + its
     * node), so that {@link #cut} can drop one direction of one link. {@code environment}: settings
     * of every consensus-service (e.g. a log compacted early).
     */
    ConsensusCluster(List<String> ids, boolean cuttable, Map<String, String> environment) throws Exception {
        this.cuttable = cuttable;
        this.environment = Map.copyOf(environment);
        dir = Files.createTempDirectory(Path.of("target"), "cluster-").toAbsolutePath();
        first = List.copyOf(ids);
        certificates.putAll(PeerCertificates.ensure(certificates(), ids));
        for (int i = 0; i < ids.size(); i++) {
            registrars.put(ids.get(i), new Registrar(ids.get(i), i + 1));
        }
        if (cuttable) {
            registrars.values().forEach(r -> r.links = new TcpForwarder(Ports.free(), r.peerPort));
        }
        registrars.values().forEach(this::launch);
        for (Registrar registrar : registrars.values()) {
            ServiceProcess.awaitReady(registrar.process, registrar.httpPort, Duration.ofMinutes(3));
        }
    }

    Registrar registrar(String id) {
        return registrars.get(id);
    }

    List<Registrar> all() {
        return List.copyOf(registrars.values());
    }

    private void launch(Registrar registrar) {
        launch(registrar, Map.of());
    }

    /**
     * Starts a new registrar that joins the running ones: it waits (not ready) until it is added
     * through the log; see {@link #peerUrl}.
     */
    Registrar join(String id) {
        Registrar registrar = new Registrar(id, registrars.size() + 1);
        if (cuttable) {
            registrar.links = new TcpForwarder(Ports.free(), registrar.peerPort);
        }
        certificates.putAll(PeerCertificates.ensure(certificates(), List.of(id)));
        registrars.put(id, registrar);
        launch(registrar, Map.of("NUMREG_CONSENSUS_JOINING", "true"));
        return registrar;
    }

    /** The cluster's certificate authority and the registrars' certificates ({@link PeerCertificates}). */
    Path certificates() {
        return dir.resolve("tls");
    }

    /** Where a registrar's peers reach its consensus-service (the endpoint of AddRegistrar). */
    String peerUrl(String id) {
        Registrar registrar = registrars.get(id);
        return "https://127.0.0.1:" + (cuttable ? registrar.links.port() : registrar.peerPort);
    }

    /** The address a registrar's peer links come from, when they can be cut. */
    private InetAddress source(String id) {
        try {
            return InetAddress.getByName("127.0.0." + (1 + registrars.get(id).node));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops every peer message {@code from} sends {@code to} (one direction of their link) until {@link #heal}. */
    void cut(String from, String to) {
        registrars.get(to).links.cut(source(from));
    }

    void heal(String from, String to) {
        registrars.get(to).links.heal(source(from));
    }

    /** Cuts a registrar off from all the others, both ways. */
    void isolate(String id) {
        for (String other : registrars.keySet()) {
            if (!other.equals(id)) {
                cut(id, other);
                cut(other, id);
            }
        }
    }

    /** Every link carries messages again. */
    void healAll() {
        for (String from : registrars.keySet()) {
            registrars.keySet().forEach(to -> heal(from, to));
        }
    }

    /** SIGSTOP: the process stays, holding its sockets, and does nothing until {@link #resume}. */
    void pause(String id) throws Exception {
        signal(id, "-STOP");
    }

    void resume(String id) throws Exception {
        signal(id, "-CONT");
    }

    private void signal(String id, String signal) throws Exception {
        long pid = registrars.get(id).process.pid();
        if (new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
    }

    /** Each registrar lists the first configuration and itself. */
    private void launch(Registrar registrar, Map<String, String> overrides) {
        StringBuilder peers = new StringBuilder();
        for (Registrar peer : registrars.values()) {
            if (first.contains(peer.id) || peer == registrar) {
                peers.append(peers.isEmpty() ? "" : ",").append(peer.id).append('=').append(peer.node)
                        .append('@').append(peerUrl(peer.id));
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(registrar.httpPort));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.postgres().jdbcUrl(registrar.database));
        env.put("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER);
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", infra.keycloak().realmUrl());
        env.put("NUMREG_REGISTRAR_ID", registrar.id);
        env.put("NUMREG_REGISTRAR_CHANGES_TOPIC", registrar.topic);
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("NUMREG_TRACING_FILE", spansFile(registrar.id, "consensus-service").toString());
        if (cuttable) {
            env.put("NUMREG_CONSENSUS_PEER_SOURCE_ADDRESS", source(registrar.id).getHostAddress());
        }
        env.putAll(LocalRegistry.consensusPeerEnvironment(certificates.get(registrar.id), registrar.peerPort,
                peers.toString()));
        if (!first.contains(registrar.id)) {
            // The realm has clients for the first registrars only: one joining later is driven with the first's.
            env.put("NUMREG_CONSENSUS_SUBMITTERS", "numreg-" + first.getFirst());
        }
        env.putAll(environment);
        env.putAll(overrides);
        registrar.process = ServiceProcess.start(registrar.id + " consensus-service",
                ServiceProcess.jar(Path.of("..").toAbsolutePath().normalize(), "consensus-service"), env,
                dir.resolve(registrar.id), dir.resolve(registrar.id + ".log"));
    }

    /**
     * Starts the API services (e.g. allocation-, porting-, whois-service) of every registrar,
     * each with its own database, on its registrar's consensus-service and changes topic.
     */
    void startServices(List<String> modules) {
        startServices(modules, Map.of());
    }

    /** As {@link #startServices(List)}, with settings of every API service (e.g. rate limits off). */
    void startServices(List<String> modules, Map<String, String> settings) {
        for (Registrar registrar : registrars.values()) {
            modules.forEach(module -> registrar.servicePorts.put(module, Ports.free()));
        }
        for (Registrar registrar : registrars.values()) {
            for (String module : modules) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("QUARKUS_HTTP_PORT", Integer.toString(registrar.servicePorts.get(module)));
                env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.postgres().jdbcUrl(
                        infra.newDatabase(registrar.id + "_" + module.replace("-service", ""))));
                env.put("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER);
                env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers());
                env.put("QUARKUS_OIDC_AUTH_SERVER_URL", infra.keycloak().realmUrl());
                env.put("NUMREG_REGISTRAR_ID", registrar.id);
                env.put("NUMREG_REGISTRAR_CHANGES_TOPIC", registrar.topic);
                env.put("NUMREG_CONSENSUS_URL", "http://127.0.0.1:" + registrar.httpPort);
                env.put("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", infra.secrets().clientSecret(registrar.id));
                env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
                env.put("NUMREG_TRACING_FILE", spansFile(registrar.id, module).toString());
                if (module.equals("sync-service")) {
                    env.put("NUMREG_SYNC_PEERS", registrars.values().stream().filter(peer -> peer != registrar)
                            .map(peer -> peer.id + "=" + peer.url(module)).collect(java.util.stream.Collectors.joining(",")));
                    env.put("NUMREG_SYNC_ANTI_ENTROPY_EVERY", "2s");
                }
                env.putAll(settings);
                registrar.serviceEnvironments.put(module, Map.copyOf(env));
                launchService(registrar, module);
            }
        }
        for (Registrar registrar : registrars.values()) {
            registrar.services.keySet().forEach(module -> awaitService(registrar.id, module));
        }
    }

    /**
     * Starts the console of each registrar named, on its services started before (all five), and
     * returns their base URLs; each shows every registrar's log head.
     */
    Map<String, String> startConsoles(List<String> ids) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (String id : ids) {
            Registrar registrar = registrars.get(id);
            int port = Ports.free();
            String others = registrars.values().stream().filter(other -> other != registrar)
                    .map(other -> other.id + "=http://127.0.0.1:" + other.httpPort)
                    .collect(java.util.stream.Collectors.joining(","));
            Map<String, Integer> services = new LinkedHashMap<>();
            services.put("consensus", registrar.httpPort);
            registrar.servicePorts.forEach((module, servicePort) -> services.put(module.replace("-service", ""), servicePort));
            Map<String, String> env = new LinkedHashMap<>(LocalRegistry.consoleEnvironment(id, port,
                    infra.keycloak().realmUrl(), infra.secrets().clientSecret(org.numreg.devinfra.Realm.CONSOLE),
                    services, others));
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            registrar.servicePorts.put("console", port);
            registrar.serviceEnvironments.put("console", Map.copyOf(env));
            launchService(registrar, "console");
            urls.put(id, "http://127.0.0.1:" + port);
        }
        ids.forEach(id -> awaitService(id, "console"));
        return urls;
    }

    private void launchService(Registrar registrar, String module) {
        registrar.services.put(module, ServiceProcess.start(registrar.id + " " + module,
                ServiceProcess.jar(Path.of("..").toAbsolutePath().normalize(), module),
                registrar.serviceEnvironments.get(module),
                dir.resolve(registrar.id + "-" + module), dir.resolve(registrar.id + "-" + module + ".log")));
    }

    /** kill -9 of one of a registrar's API services. */
    void killService(String id, String module) {
        registrars.get(id).services.get(module).kill();
    }

    /** Starts a killed API service again, with its database and settings. */
    void restartService(String id, String module) {
        launchService(registrars.get(id), module);
    }

    void awaitService(String id, String module) {
        Registrar registrar = registrars.get(id);
        ServiceProcess.awaitReady(registrar.services.get(module), registrar.servicePorts.get(module), Duration.ofMinutes(3));
    }

    /** Where a registrar's service writes its spans, one JSON object a line. */
    Path spansFile(String id, String module) {
        return dir.resolve(id + "-" + module + ".spans.jsonl");
    }

    /** The spans a registrar's service wrote so far. */
    List<JsonNode> spans(String id, String module) throws java.io.IOException {
        Path file = spansFile(id, module);
        if (!Files.exists(file)) {
            return List.of();
        }
        var json = new ObjectMapper();
        List<JsonNode> spans = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                spans.add(json.readTree(line));
            }
        }
        return spans;
    }

    /** The registrar's consensus-service log so far (every run of it). */
    String log(String id) throws java.io.IOException {
        return Files.readString(registrars.get(id).process.log());
    }

    /** kill -9. */
    void kill(String id) {
        registrars.get(id).process.kill();
    }

    void restart(String id) {
        restart(id, Map.of());
    }

    /** Restarts a registrar with some settings changed (e.g. a Kafka it cannot reach). */
    void restart(String id, Map<String, String> overrides) {
        launch(registrars.get(id), overrides);
    }

    /** The registrar's HTTP API answers (it may not be ready: readiness needs Kafka). */
    void awaitListening(String id) {
        Registrar registrar = registrars.get(id);
        org.numreg.devinfra.ChildProcess process = registrar.process;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!org.numreg.devinfra.Ports.inUse(registrar.httpPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(id + " did not start listening: " + process.logTail(30));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void awaitReady(String id) {
        Registrar registrar = registrars.get(id);
        ServiceProcess.awaitReady(registrar.process, registrar.httpPort, Duration.ofMinutes(2));
    }

    /** POSTs a command to a registrar's submit API as that registrar's services would. */
    HttpResponse<String> submit(String id, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(registrars.get(id).uri("/v1/commands"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(first.contains(id) ? id : first.getFirst()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    String head(String id) throws Exception {
        // Any registrar's token will do (one joining later may have no client of its own).
        HttpRequest request = HttpRequest.newBuilder(registrars.get(id).uri("/v1/log/head"))
                .header("Authorization", "Bearer " + token(first.getFirst())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The position all registrars' heads reach, with the same hash, once they do (within a minute). */
    long sameHeadEverywhere() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            java.util.Set<String> heads = new java.util.HashSet<>();
            long position = 0;
            for (Registrar registrar : registrars.values()) {
                String head = head(registrar.id);
                position = Long.parseLong(find(POSITION, head));
                heads.add(position + "/" + find(HASH, head));
            }
            if (heads.size() == 1) {
                return position;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("heads never agreed: " + heads);
            }
            Thread.sleep(200);
        }
    }

    /**
     * The registrar the others follow, as any live one reports it; during an election (after a
     * partition heals, a leader pauses) it waits for one, up to 20 s.
     */
    String leader() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            for (Registrar registrar : registrars.values()) {
                try {
                    String leader = find(LEADER, head(registrar.id));
                    if (!leader.equals("0")) {
                        return registrars.values().stream().filter(r -> r.node == Integer.parseInt(leader))
                                .findFirst().orElseThrow().id;
                    }
                } catch (java.io.IOException down) {
                    // ask the next one
                }
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no registrar knew a leader for 20 s");
    }

    /** Waits until the registrars other than {@code old} follow another leader: they elected one without it. */
    void awaitLeaderOtherThan(String old, Duration timeout) throws Exception {
        String node = Integer.toString(registrars.get(old).node);
        for (Registrar registrar : registrars.values()) {
            if (!registrar.id.equals(old)) {
                await(() -> find(LEADER, head(registrar.id)), leader -> !leader.equals("0") && !leader.equals(node),
                        timeout, registrar.id + " kept following " + old);
            }
        }
    }

    static String find(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        if (!matcher.find()) {
            throw new AssertionError(pattern + " not in " + json);
        }
        return matcher.group(1);
    }

    /** The value of one of a registrar's gauges, from its Prometheus metrics. */
    double gauge(String id, String name) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(registrars.get(id).uri("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1)))
                .orElseThrow(() -> new AssertionError(id + " has no metric " + name));
    }

    /** Waits until a registrar's gauge shows {@code value}; fails if it does not in time. */
    void awaitGauge(String id, String name, double value, Duration timeout) throws Exception {
        await(() -> gauge(id, name), seen -> seen == value, timeout, id + "'s " + name + " never showed " + value);
    }

    int kafkaPort() {
        return infra.kafka().port();
    }

    /** Waits until a registrar's log head shows {@code text} (e.g. its configuration); fails if it does not. */
    void awaitHead(String id, String text, Duration timeout) throws Exception {
        await(() -> head(id), head -> head.contains(text), timeout, id + "'s head never showed " + text);
    }

    /** Polls {@code observe} until what it sees is {@code done}; fails with {@code never} and what it saw last. */
    private static <T> void await(Callable<T> observe, Predicate<T> done, Duration timeout, String never)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T seen = observe.call();
        while (!done.test(seen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(never + ": " + seen);
            }
            Thread.sleep(100);
            seen = observe.call();
        }
    }

    private synchronized String token(String id) {
        if (Duration.between(tokensFetched, Instant.now()).toSeconds() > 200) {
            tokens.clear();
            tokensFetched = Instant.now();
        }
        return tokens.computeIfAbsent(id, infra::registrarToken);
    }

    /**
     * Every event on a registrar's changes topic, once its last position reaches {@code lastPosition};
     * the topic's bytes must hold the hash chain from position 1 ({@link ChainVerifier}).
     */
    /** Every registrar's changes topic, read through {@code lastPosition} (each within a minute). */
    Map<String, List<ChangeEvent>> topicsThrough(long lastPosition) {
        Map<String, List<ChangeEvent>> topics = new LinkedHashMap<>();
        for (String id : registrars.keySet()) {
            topics.put(id, events(id, lastPosition, Duration.ofSeconds(60)));
        }
        return topics;
    }

    List<ChangeEvent> events(String id, long lastPosition, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ChangeEvent> events = new ArrayList<>();
        ChainVerifier chain = new ChainVerifier();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(registrars.get(id).topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && (events.isEmpty() || events.getLast().position() < lastPosition)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    try {
                        chain.accept(record.value());
                    } catch (ChainVerifier.Broken broken) {
                        throw new AssertionError(id + "'s topic breaks the hash chain at " + broken.getMessage(), broken);
                    }
                    events.add(ChangeEvent.fromJson(record.value()));
                }
            }
        }
        return events;
    }

    @Override
    public void close() {
        registrars.values().forEach(r -> r.services.values().forEach(ChildProcess::close));
        registrars.values().stream().filter(r -> r.process != null).forEach(r -> r.process.close());
        registrars.values().stream().filter(r -> r.links != null).forEach(r -> {
            try {
                r.links.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        });
    }
}
