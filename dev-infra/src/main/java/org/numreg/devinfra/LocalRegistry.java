package org.numreg.devinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local registry: PostgreSQL, Kafka and Keycloak, then registrars r1, r2, r3 with their five
 * services and their console each, as packaged jars configured by environment only (as in Kubernetes), on fixed
 * ports. State lives under .numreg/ so that the next start resumes. {@code ./numreg} runs it.
 */
public final class LocalRegistry {

    /** The five services and the console of a registrar, and the last digit of their ports. */
    enum Service {
        CONSENSUS(1), ALLOCATION(2), PORTING(3), WHOIS(4), SYNC(5), CONSOLE(7);

        final int portDigit;

        Service(int portDigit) {
            this.portDigit = portDigit;
        }

        String module() {
            return this == CONSOLE ? "console" : name().toLowerCase() + "-service";
        }

        /** Built on registry-client: uses the registrar's service account (submits commands, asks peers). */
        boolean usesRegistrarAccount() {
            return this != CONSENSUS && this != CONSOLE;
        }

        /** The console keeps nothing: it shows what the services answer. */
        boolean hasDatabase() {
            return this != CONSOLE;
        }

        /** r1 → 810x, r2 → 820x, r3 → 830x. */
        int port(int registrar) {
            return 8000 + 100 * registrar + portDigit;
        }
    }

    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;
    static final int KEYCLOAK_PORT = 18080;
    static final int KEYCLOAK_MANAGEMENT_PORT = 18081;

    private final Path home;
    private final Path state;
    private final Path logs;
    private final PidFiles pids;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, ChildProcess> services = new LinkedHashMap<>();
    private Realm.Secrets secrets;

    private LocalRegistry(Path home) {
        this.home = home.toAbsolutePath();
        this.state = this.home.resolve(".numreg");
        this.logs = state.resolve("logs");
        this.pids = new PidFiles(this.home, state);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LocalRegistry up|down|status <numreg checkout>");
            System.exit(2);
        }
        LocalRegistry registry = new LocalRegistry(Path.of(args[1]));
        switch (args[0]) {
            case "up" -> registry.up();
            case "down" -> registry.down();
            case "status" -> registry.status();
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    private void up() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(logs);
        if (pids.launcher().isPresent()) {
            throw new IllegalStateException("the local registry is already running (pid " + pids.launcher().get().pid()
                    + "); stop it with ./numreg down");
        }
        pids.stopLeftovers();
        for (int port : List.of(POSTGRES_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT, KEYCLOAK_PORT, KEYCLOAK_MANAGEMENT_PORT)) {
            if (Ports.inUse(port)) {
                throw new IllegalStateException("port " + port + " is taken: stop what uses it first");
            }
        }
        pids.writeLauncher();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "numreg-down"));

        say("starting PostgreSQL, Kafka and Keycloak");
        PostgresServer postgres = PostgresServer.start(state.resolve("postgres"), POSTGRES_PORT, true,
                logs.resolve("postgres.log"));
        running.add(postgres);
        postgres.createDatabase("keycloak");
        KafkaBroker kafka = KafkaBroker.launch(state.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT, "512m");
        running.add(kafka);
        KeycloakServer keycloak = KeycloakServer.launch(KEYCLOAK_PORT, KEYCLOAK_MANAGEMENT_PORT,
                postgres.jdbcUrl("keycloak"), secrets().environment(), "512m", logs.resolve("keycloak.log"));
        running.add(keycloak);
        pids.write("kafka", kafka.process());
        pids.write("keycloak", keycloak.process());
        kafka.awaitReady();
        keycloak.awaitReady();

        say("starting registrars " + String.join(", ", Realm.REGISTRARS));
        for (int r = 1; r <= Realm.REGISTRARS.size(); r++) {
            for (Service service : Service.values()) {
                String registrar = Realm.REGISTRARS.get(r - 1);
                String database = registrar + "_" + service.name().toLowerCase();
                if (service.hasDatabase()) {
                    postgres.createDatabase(database);
                }
                ChildProcess process = startService(registrar, service, service.port(r),
                        postgres.jdbcUrl(database), kafka.bootstrapServers(), keycloak.realmUrl());
                services.put(registrar + " " + service.module(), process);
                running.add(process);
                pids.write(registrar + "-" + service.module(), process);
            }
        }
        awaitServicesReady();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.println(table(keycloak.realmUrl(), seconds));
        watch();
    }

    private ChildProcess startService(String registrar, Service service, int port, String jdbcUrl,
                                      String kafka, String realmUrl) throws IOException {
        int r = Realm.REGISTRARS.indexOf(registrar) + 1;
        if (service == Service.CONSOLE) {
            Map<String, String> env = consoleEnvironment(registrar, port, realmUrl, secrets().clientSecret(Realm.CONSOLE),
                    Map.of("consensus", Service.CONSENSUS.port(r), "allocation", Service.ALLOCATION.port(r),
                            "porting", Service.PORTING.port(r), "whois", Service.WHOIS.port(r), "sync", Service.SYNC.port(r)),
                    others(registrar, Service.CONSENSUS));
            return ServiceProcess.start(registrar + " console", ServiceProcess.jar(home, service.module()), env,
                    state.resolve(registrar).resolve(service.module()), logs.resolve(registrar + "-console.log"));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", realmUrl);
        env.put("NUMREG_REGISTRAR_ID", registrar);
        env.put("NUMREG_REGISTRAR_CHANGES_TOPIC", registrar + ".numreg.changes");
        env.put("NUMREG_TRACING_FILE", logs.resolve(registrar + "-" + service.module() + ".spans.jsonl").toString());
        if (service == Service.SYNC) {
            env.put("NUMREG_SYNC_PEERS", others(registrar, Service.SYNC));
        }
        if (service.usesRegistrarAccount()) {
            // The registrar's own consensus-service, and its service account to submit commands there.
            env.put("NUMREG_CONSENSUS_URL", "http://127.0.0.1:" + Service.CONSENSUS.port(r));
            env.put("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", secrets().clientSecret(registrar));
        }
        if (service == Service.CONSENSUS) {
            PeerCertificates.Stores tls = PeerCertificates.ensure(state.resolve("tls"), Realm.REGISTRARS).get(registrar);
            env.putAll(consensusPeerEnvironment(tls, peerPort(Realm.REGISTRARS.indexOf(registrar) + 1), consensusPeers()));
        }
        return ServiceProcess.start(registrar + " " + service.module(), ServiceProcess.jar(home, service.module()), env,
                state.resolve(registrar).resolve(service.module()),
                logs.resolve(registrar + "-" + service.module() + ".log"));
    }

    /** How a consensus-service learns its peers and its mutual-TLS identity, by environment. */
    public static Map<String, String> consensusPeerEnvironment(PeerCertificates.Stores tls, int peerPort, String peers) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NUMREG_CONSENSUS_PEERS", peers);
        env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(peerPort));
        env.put("QUARKUS_TLS_KEY_STORE_P12_PATH", tls.keyStore().toString());
        env.put("QUARKUS_TLS_KEY_STORE_P12_PASSWORD", tls.password());
        env.put("QUARKUS_TLS_TRUST_STORE_P12_PATH", tls.trustStore().toString());
        env.put("QUARKUS_TLS_TRUST_STORE_P12_PASSWORD", tls.password());
        return env;
    }

    /**
     * How a registrar's console is configured, by environment: its port, the realm and the
     * console client's secret, the registrar's services (consensus, allocation, porting, whois,
     * sync → port on 127.0.0.1) and the other registrars' consensus-services whose heads it shows.
     */
    public static Map<String, String> consoleEnvironment(String registrar, int port, String realmUrl, String secret,
                                                         Map<String, Integer> servicePorts, String otherRegistrars) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", realmUrl);
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", secret);
        env.put("NUMREG_REGISTRAR_ID", registrar);
        servicePorts.forEach((service, servicePort) ->
                env.put("NUMREG_" + service.toUpperCase(Locale.ROOT) + "_URL", "http://127.0.0.1:" + servicePort));
        env.put("NUMREG_CONSOLE_REGISTRARS", otherRegistrars);
        return env;
    }

    /** Every registrar's consensus-service, as numreg.consensus.peers lists them: r1=1@https://127.0.0.1:8106,… */
    static String consensusPeers() {
        StringBuilder peers = new StringBuilder();
        for (int r = 1; r <= Realm.REGISTRARS.size(); r++) {
            peers.append(peers.isEmpty() ? "" : ",").append(Realm.REGISTRARS.get(r - 1)).append('=').append(r)
                    .append("@https://127.0.0.1:").append(peerPort(r));
        }
        return peers.toString();
    }

    /**
     * One service of each other registrar, as id=url: their sync-services for numreg.sync.peers,
     * their consensus-services for a console (r2=http://127.0.0.1:8205,…).
     */
    static String others(String registrar, Service service) {
        StringBuilder others = new StringBuilder();
        for (int r = 1; r <= Realm.REGISTRARS.size(); r++) {
            if (!Realm.REGISTRARS.get(r - 1).equals(registrar)) {
                others.append(others.isEmpty() ? "" : ",").append(Realm.REGISTRARS.get(r - 1))
                        .append("=http://127.0.0.1:").append(service.port(r));
            }
        }
        return others.toString();
    }

    /** The consensus-service's peer port (mutual TLS): 8106, 8206, 8306. */
    static int peerPort(int registrar) {
        return 8000 + 100 * registrar + 6;
    }

    private void awaitServicesReady() {
        int r = 0;
        for (String registrar : Realm.REGISTRARS) {
            r++;
            for (Service service : Service.values()) {
                ServiceProcess.awaitReady(services.get(registrar + " " + service.module()), service.port(r),
                        Duration.ofMinutes(3));
            }
        }
    }

    /** Stays in the foreground until stopped; says so if a service dies meanwhile. */
    private void watch() {
        List<String> reported = new ArrayList<>();
        while (true) {
            Await.sleep(Duration.ofSeconds(2));
            services.forEach((name, process) -> {
                if (!process.isAlive() && !reported.contains(name)) {
                    reported.add(name);
                    say(name + " exited; its log ends with:\n" + process.logTail(15));
                }
            });
        }
    }

    private String table(String realmUrl, long seconds) {
        StringBuilder out = new StringBuilder();
        out.append("\nnumreg local registry is up after ").append(seconds).append(" s; ")
                .append(services.size()).append(" services, ").append(totalRssMegabytes()).append(" MB resident in all\n\n");
        out.append(String.format("  %-10s %-24s %-24s %-24s %-24s %-24s %-24s%n", "registrar",
                "consensus", "allocation", "porting", "whois", "sync", "console"));
        int r = 0;
        for (String registrar : Realm.REGISTRARS) {
            r++;
            out.append(String.format("  %-10s", registrar));
            for (Service service : Service.values()) {
                out.append(String.format(" %-24s", "http://127.0.0.1:" + service.port(r)));
            }
            out.append('\n');
        }
        out.append("\n  PostgreSQL 127.0.0.1:").append(POSTGRES_PORT)
                .append("   Kafka 127.0.0.1:").append(KAFKA_PORT)
                .append("   Keycloak ").append(realmUrl).append('\n');
        out.append("  API description of each service: <service>/q/swagger-ui   logs: .numreg/logs/\n\n");
        out.append("Open the console in a browser and sign in as alice (password ").append(Realm.demoPassword("alice"))
                .append("), bob or sysadmin:\n  http://127.0.0.1:").append(Service.CONSOLE.port(1)).append("/\n\n");
        out.append("Get a token as alice (administers OCN 1510) and list the open ranges at r1 (README.md shows more):\n");
        out.append("  TOKEN=$(curl -s -d grant_type=password -d client_id=").append(Realm.CLI_CLIENT)
                .append(" -d username=alice -d password=").append(Realm.demoPassword("alice")).append(' ')
                .append(realmUrl).append("/protocol/openid-connect/token | sed -E 's/.*\"access_token\":\"([^\"]*)\".*/\\1/')\n");
        out.append("  curl -i -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:").append(Service.ALLOCATION.port(1))
                .append("/v1/ranges\n\n");
        out.append("Stop with Ctrl-C or ./numreg down.\n");
        return out.toString();
    }

    private long totalRssMegabytes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(ProcessHandle.current());
        ProcessHandle.current().descendants().forEach(all::add);
        running.stream().filter(PostgresServer.class::isInstance).map(s -> ((PostgresServer) s).process())
                .forEach(postmaster -> {
                    all.add(postmaster);
                    postmaster.descendants().forEach(all::add);
                });
        return all.stream().mapToLong(LocalRegistry::rssKilobytes).sum() / 1024;
    }

    private static long rssKilobytes(ProcessHandle process) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private void stopAll() {
        say("stopping");
        for (AutoCloseable server : running.reversed()) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("could not stop " + server + ": " + e);
            }
        }
        try {
            pids.clear();
        } catch (IOException e) {
            System.err.println(e);
        }
        say("stopped");
    }

    private void down() {
        var launcher = pids.launcher();
        if (launcher.isPresent()) {
            say("stopping the local registry (pid " + launcher.get().pid() + ")");
            launcher.get().destroy();
            launcher.get().onExit().orTimeout(120, TimeUnit.SECONDS).join();
        }
        pids.stopLeftovers();
        say("the local registry is down");
    }

    private void status() {
        say(pids.launcher().map(p -> "running (pid " + p.pid() + ")").orElse("not running"));
    }

    /** The registrars' client secrets: made at the first start, kept for the next. */
    private Realm.Secrets secrets() throws IOException {
        if (secrets == null) {
            secrets = loadOrMakeSecrets();
        }
        return secrets;
    }

    private Realm.Secrets loadOrMakeSecrets() throws IOException {
        Path file = state.resolve("secrets.properties");
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                stored.load(in);
            }
        }
        // Secrets a newer version needs (the console's, for state made before it) are added; the
        // realm gets a new client only when .numreg is deleted, as Keycloak imports a realm once.
        Map<String, String> fresh = Realm.Secrets.randomClientSecrets();
        if (!stored.keySet().containsAll(fresh.keySet())) {
            fresh.forEach(stored::putIfAbsent);
            try (OutputStream out = Files.newOutputStream(file)) {
                stored.store(out, "client secrets of the registrars' service accounts and the consoles (local registry only)");
            }
        }
        Map<String, String> clientSecrets = new LinkedHashMap<>();
        fresh.keySet().forEach(key -> clientSecrets.put(key, stored.getProperty(key)));
        return Realm.Secrets.demo(clientSecrets);
    }

    static void say(String line) {
        System.out.println("numreg: " + line);
    }
}
