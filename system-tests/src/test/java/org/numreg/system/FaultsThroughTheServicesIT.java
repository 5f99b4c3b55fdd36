package org.numreg.system;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.numreg.devinfra.Ports;
import org.numreg.devinfra.TestInfra;
import org.numreg.system.history.History;
import org.numreg.system.history.HistoryChecker;
import org.numreg.system.history.Operation;
import org.numreg.system.history.Read;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FaultsIT}'s way through the registry's own API, as carriers use it: alice (OCN 1510) and
 * bob (OCN 0042) allocate, release and port ten contended numbers at all three registrars
 * through the allocation- and porting-services (every allocated number gets its PIN, every port
 * presents it), and read each acknowledged write back at another registrar's whois with
 * {@code minPosition} — while API services are killed with -9 and restarted, and a registrar's
 * consensus-service is killed and comes back to a Kafka it cannot reach for a while. Then
 * {@link HistoryChecker} over every registrar's topic, and the three registrars' Merkle digests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsThroughTheServicesIT {

    private static final String PREFIX = "+1313555010";
    private static final List<String> REGISTRARS = List.of("r1", "r2", "r3");
    private static final Map<String, String> OCN_OF = Map.of("alice", "1510", "bob", "0042");

    private ConsensusCluster cluster;
    private final History history = new History();
    private final List<String> faults = new ArrayList<>();
    /** The highest position any client has been told of: every write asks the read models to be there first. */
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicInteger keys = new AtomicInteger();
    /** Answers no correct client should get (400, 401): the test's own mistakes. */
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startThreeRegistrarsWithTheirServices() throws Exception {
        cluster = new ConsensusCluster(REGISTRARS);
        // Rate limits off: six clients of two users would hit the per-user PIN-check limits.
        cluster.startServices(List.of("allocation-service", "porting-service", "whois-service", "sync-service"),
                Map.of("NUMREG_RATE_LIMIT_ENABLED", "false"));
        for (String user : List.of("sysadmin", "alice", "bob")) {
            tokens.put(user, TestInfra.shared().accessToken(user));
        }
        assertThat(send("sysadmin", "r1", "allocation-service", "POST", "/v1/ocns",
                "{\"ocn\":\"1510\",\"name\":\"Lakeside Telephone\"}").statusCode()).isEqualTo(201);
        assertThat(send("sysadmin", "r1", "allocation-service", "POST", "/v1/ocns",
                "{\"ocn\":\"0042\",\"name\":\"Harbor Mobile\"}").statusCode()).isEqualTo(201);
        assertThat(send("sysadmin", "r1", "allocation-service", "POST", "/v1/ranges",
                "{\"prefix\":\"+1313555\"}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void apiServicesKilledAndAKafkaOutageLoseNothingAndHoldNoNumberTwice() throws Exception {
        Clients clients = writers();
        Thread.sleep(4000);
        killAndRestart("r2", "allocation-service");
        killAndRestart("r1", "porting-service");
        killAndRestart("r3", "whois-service");
        faults.add("kill -9 of r3's consensus-service, restarted with its Kafka unreachable for 10 s");
        int kafkaSwitch = Ports.free();
        cluster.kill("r3");
        cluster.restart("r3", Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaSwitch));
        cluster.awaitListening("r3");
        Thread.sleep(10_000);
        try (TcpForwarder kafka = new TcpForwarder(kafkaSwitch, cluster.kafkaPort())) {
            cluster.awaitReady("r3");
            Thread.sleep(4000);
            clients.stop();

            long head = cluster.sameHeadEverywhere();
            List<String> violations = HistoryChecker.check(history, cluster.topicsThrough(head));
            System.out.printf("faults: %s%noperations %d: ok %d (ports %d), refused %d, unknown %d; reads %d; log head %d%n",
                    faults, history.operations().size(), history.count(Operation.Outcome.OK), okPorts(),
                    history.count(Operation.Outcome.REFUSED), history.count(Operation.Outcome.UNKNOWN), history.reads().size(), head);
            assertThat(violations).isEmpty();
            List<String> digests = digestsAt(head);
            assertThat(digests).as("the registrars' Merkle digests at position %d", head).hasSize(3)
                    .containsOnly(digests.getFirst());
        }
        assertThat(unexpected).isEmpty();
        assertThat(history.count(Operation.Outcome.OK)).as("acknowledged writes").isGreaterThan(30);
        assertThat(okPorts()).as("ports with the right PIN").isPositive();
        assertThat(history.reads()).as("reads at another registrar").hasSizeGreaterThan(20);
    }

    private void killAndRestart(String registrar, String module) throws Exception {
        faults.add("kill -9 of " + registrar + "'s " + module + ", restarted 3 s later");
        cluster.killService(registrar, module);
        Thread.sleep(3000);
        cluster.restartService(registrar, module);
        cluster.awaitService(registrar, module);
        Thread.sleep(2000);
    }

    /** Each registrar's digest of every number, once its read model holds {@code position}: "position count hash". */
    private List<String> digestsAt(long position) throws Exception {
        List<String> digests = new ArrayList<>();
        for (String registrar : REGISTRARS) {
            HttpResponse<String> digest = send("alice", registrar, "sync-service", "GET", "/v1/digest?minPosition=" + position, null);
            assertThat(digest.statusCode()).isEqualTo(200);
            JsonPath json = JsonPath.from(digest.body());
            digests.add(json.getLong("position") + " " + json.getLong("node.count") + " " + json.getString("node.hash"));
        }
        return digests;
    }

    private long okPorts() {
        return history.operations().stream()
                .filter(o -> o.kind() == Operation.Kind.PORT && o.outcome() == Operation.Outcome.OK).count();
    }

    /** Two clients at each registrar, one of each user, writing until stopped. */
    private Clients writers() {
        Clients clients = new Clients();
        int i = 0;
        for (String registrar : REGISTRARS) {
            for (String user : OCN_OF.keySet()) {
                Random random = new Random(i++);
                clients.start(user + "@" + registrar, () -> write(user, registrar, random));
            }
        }
        return clients;
    }

    /** One write through an API service, recorded with what the client was told; an acknowledged one is read back elsewhere. */
    private void write(String user, String registrar, Random random) {
        String ocn = OCN_OF.get(user);
        String number = PREFIX + random.nextInt(10);
        int pick = random.nextInt(10);
        Operation.Kind kind = pick < 3 ? Operation.Kind.ALLOCATE : pick < 5 ? Operation.Kind.ALLOCATE_ANY
                : pick < 7 ? Operation.Kind.RELEASE : Operation.Kind.PORT;
        String key = "svc-" + keys.incrementAndGet();
        long seen = acknowledged.get();
        History.Pending pending = history.invoke(registrar, kind, kind == Operation.Kind.ALLOCATE_ANY ? null : number,
                PREFIX, ocn, key);
        HttpResponse<String> answer;
        try {
            answer = switch (kind) {
                case ALLOCATE -> send(user, registrar, "allocation-service", "POST", "/v1/numbers", key,
                        "{\"ocn\":\"" + ocn + "\",\"number\":\"" + number + "\"}");
                case ALLOCATE_ANY -> send(user, registrar, "allocation-service", "POST", "/v1/numbers", key,
                        "{\"ocn\":\"" + ocn + "\",\"prefix\":\"" + PREFIX + "\"}");
                case RELEASE -> send(user, registrar, "allocation-service", "DELETE",
                        "/v1/numbers/" + number + "?ocn=" + ocn + "&minPosition=" + seen, key, null);
                case PORT -> send(user, registrar, "porting-service", "POST", "/v1/ports?minPosition=" + seen, key,
                        "{\"number\":\"" + number + "\",\"gainingOcn\":\"" + ocn + "\",\"pin\":\"" + pin(number) + "\"}");
            };
        } catch (Exception e) {
            pending.unknown();   // no answer: the service asked is down, or its consensus-service is
            pause();
            return;
        }
        int status = answer.statusCode();
        if (status == 200 || status == 201) {
            long position = Long.parseLong(answer.headers().firstValue("Numreg-Position").orElseThrow());
            String concerned = kind == Operation.Kind.ALLOCATE_ANY ? JsonPath.from(answer.body()).getString("number") : number;
            pending.ok(concerned, position);
            acknowledged.accumulateAndGet(position, Math::max);
            afterwards(user, registrar, kind, key, concerned, position);
        } else if (status == 400 || status == 401) {
            unexpected.add(kind + " " + number + " at " + registrar + ": " + status + " " + answer.body());
            pending.refused();
        } else if (status >= 400 && status < 500) {
            pending.refused();   // taken, not the holder, PIN not set yet, record moved while the PIN was checked
        } else {
            pending.unknown();
            pause();
        }
    }

    /** After an acknowledged write: a new holder gives the number its PIN; the write is read back at the next registrar. */
    private void afterwards(String user, String registrar, Operation.Kind kind, String key, String number, long position) {
        try {
            if (kind == Operation.Kind.ALLOCATE || kind == Operation.Kind.ALLOCATE_ANY) {
                send(user, registrar, "allocation-service", "PUT", "/v1/numbers/" + number + "/pin?minPosition=" + position,
                        key + "-pin", "{\"ocn\":\"" + OCN_OF.get(user) + "\",\"pin\":\"" + pin(number) + "\"}");
            }
            readBack(REGISTRARS.get((REGISTRARS.indexOf(registrar) + 1) % REGISTRARS.size()), number, position);
        } catch (Exception e) {
            pause();   // a service down: the write's outcome stands; this number goes without a PIN or a read for now
        }
    }

    /** A public lookup at another registrar that waits for the write's position. */
    private void readBack(String registrar, String number, long minPosition) throws Exception {
        HttpResponse<String> answer = send(null, registrar, "whois-service", "GET",
                "/v1/numbers/" + number + "?minPosition=" + minPosition, null);
        long position = answer.headers().firstValue("Numreg-Position").map(Long::parseLong).orElse(minPosition);
        switch (answer.statusCode()) {
            case 200 -> {
                JsonPath json = JsonPath.from(answer.body());
                history.read(new Read(registrar, number, minPosition, json.getString("ocn"), position,
                        json.getLong("lastChangePosition")));
            }
            case 404 -> history.read(new Read(registrar, number, minPosition, null, position, -1));
            default -> {
                // not there in time (503), or the whois asked is down: no answer to check
            }
        }
    }

    /** Every number's consumer PIN, known to both carriers' clients. */
    private static String pin(String number) {
        return "4829" + number.substring(number.length() - 2);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> send(String user, String registrar, String module, String method, String path, String body)
            throws Exception {
        return send(user, registrar, module, method, path, null, body);
    }

    private HttpResponse<String> send(String user, String registrar, String module, String method, String path,
                                      String idempotencyKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.registrar(registrar).url(module) + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Bearer " + tokens.get(user));
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
