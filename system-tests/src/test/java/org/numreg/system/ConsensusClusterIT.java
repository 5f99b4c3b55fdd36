package org.numreg.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.numreg.devinfra.Ports;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.event.Event;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three registrars' consensus-services in separate processes: one order for everybody's
 * commands, one winner per number, and a history that survives kill -9 of any of them — with
 * each registrar's Kafka topic holding every position exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsensusClusterIT {

    private static final Pattern POSITION = ConsensusCluster.POSITION;
    private static final Pattern PUBLISHED = Pattern.compile("\"publishedPosition\":(\\d+)");
    private static final String CUT_OFF = "numreg_consensus_cut_off";
    private static final String UNAPPLIED = "numreg_consensus_unapplied_bytes";
    private static final String DECIDED = "numreg_consensus_decided_slot";
    private static final Map<String, String> COMPACT_EARLY = ConsensusCluster.COMPACT_EARLY;

    private ConsensusCluster cluster;
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    void startThreeRegistrars() throws Exception {
        cluster = new ConsensusCluster(List.of("r1", "r2", "r3"));
        assertThat(submit("r1", "{\"type\":\"open-range\",\"id\":\"%s\",\"prefix\":\"+1312\",\"digits\":0}").statusCode())
                .isEqualTo(200);
        assertThat(submit("r2", "{\"type\":\"register-ocn\",\"id\":\"%s\",\"ocn\":\"1510\",\"name\":\"Alice\"}").statusCode())
                .isEqualTo(200);
        assertThat(submit("r3", "{\"type\":\"register-ocn\",\"id\":\"%s\",\"ocn\":\"0042\",\"name\":\"Bob\"}").statusCode())
                .isEqualTo(200);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    @Order(1)
    void commandsSubmittedConcurrentlyAtAllThreeAreCommittedInOneOrder() throws Exception {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 150; i++) {
                String registrar = "r" + (i % 3 + 1);
                String ocn = i % 2 == 0 ? "1510" : "0042";
                answers.add(clients.submit(() -> submit(registrar,
                        "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\"" + ocn + "\",\"prefix\":\"+1312\"}")));
            }
        }
        for (Future<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
        }
        long position = cluster.sameHeadEverywhere();
        List<ChangeEvent> events = identicalTopics(position);
        List<String> allocated = events.stream().filter(e -> e.data() instanceof Event.NumberAllocated)
                .map(ChangeEvent::subject).toList();
        assertThat(allocated).hasSize(150).doesNotHaveDuplicates();
    }

    @Test
    @Order(2)
    void whenThreeRegistrarsRaceForOneNumberExactlyOneWins() throws Exception {
        for (int n = 0; n < 10; n++) {
            String number = "+1312777000" + n;
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(3)) {
                for (String registrar : List.of("r1", "r2", "r3")) {
                    answers.add(clients.submit(() -> submit(registrar,
                            "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\"1510\",\"number\":\"" + number + "\"}")));
                }
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                statuses.add(answer.get().statusCode());
                if (answer.get().statusCode() == 409) {
                    assertThat(answer.get().body()).contains("NUMBER_TAKEN");
                }
            }
            assertThat(statuses).as(number).containsExactlyInAnyOrder(200, 409, 409);
            // Each registrar's head shows at least what it answered: a head read after an answer
            // once lagged it, and the topics checked below then looked one position too long.
            for (int r = 0; r < 3; r++) {
                String registrar = List.of("r1", "r2", "r3").get(r);
                long answered = Long.parseLong(answers.get(r).get().headers().firstValue("Numreg-Position").orElseThrow());
                Matcher head = POSITION.matcher(cluster.head(registrar));
                assertThat(head.find()).isTrue();
                assertThat(Long.parseLong(head.group(1))).as(number + ": " + registrar + "'s head after its answer")
                        .isGreaterThanOrEqualTo(answered);
            }
        }
        identicalTopics(cluster.sameHeadEverywhere());
    }

    @Test
    @Order(3)
    void aRegistrarKilledMeanwhileCatchesUpAfterRestart() throws Exception {
        String follower = followers().getFirst();
        cluster.kill(follower);
        List<String> survivors = new ArrayList<>(List.of("r1", "r2", "r3"));
        survivors.remove(follower);
        for (int i = 0; i < 40; i++) {
            assertThat(submit(survivors.get(i % 2),
                    "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\"0042\",\"prefix\":\"+1312\"}").statusCode())
                    .isEqualTo(200);
        }
        cluster.restart(follower);
        cluster.awaitReady(follower);
        identicalTopics(cluster.sameHeadEverywhere());
    }

    @Test
    @Order(4)
    void killingTheLeaderLetsAnotherCommitWithinTheWindowAndAnElectionTimeout() throws Exception {
        String leader = cluster.leader();
        String survivor = followers().getFirst();
        cluster.kill(leader);
        long started = System.nanoTime();
        HttpResponse<String> answer = submitUntilCommitted(survivor,
                "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\"1510\",\"prefix\":\"+1312\"}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("after kill -9 of leader %s, %s committed a command %d ms later%n", leader, survivor,
                took.toMillis());
        assertThat(answer.statusCode()).isEqualTo(200);
        // window (20 ticks) + election timeout (at most 60 ticks) of 50 ms, plus a little to spare
        assertThat(took).isLessThan(Duration.ofSeconds(6));
        cluster.restart(leader);
        cluster.awaitReady(leader);
        identicalTopics(cluster.sameHeadEverywhere());
    }

    @Test
    @Order(5)
    void crashesAtAnyMomentUnderLoadLeaveEveryTopicWithEachPositionOnce() throws Exception {
        Load load = new Load("1510");
        for (String victim : List.of("r3", "r1", "r2")) {
            Thread.sleep(1500);
            cluster.kill(victim);
            Thread.sleep(1000);
            cluster.restart(victim);
            cluster.awaitReady(victim);
        }
        assertThat(load.stop()).contains(200);
        identicalTopics(cluster.sameHeadEverywhere());
    }

    @Test
    @Order(6)
    void aRegistrarWhoseKafkaIsDownAppliesNothingAndHoldsLittleUntilKafkaIsBack() throws Exception {
        // r3's Kafka is behind a forwarder not open yet: r3 commits no apply whose events are not
        // on its topic. It goes on voting until it holds 2 KB of decided commands (max-unapplied),
        // then stops talking to its peers, so that a long outage cannot fill its memory. (What it
        // learns in one turn comes on top: a peer's LEARN of many slots when r3 lagged.)
        int kafkaSwitch = Ports.free();
        cluster.kill("r3");
        cluster.restart("r3", Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaSwitch,
                "NUMREG_CONSENSUS_MAX_UNAPPLIED", "2K", "NUMREG_CONSENSUS_MAX_APPLY", "1"));
        cluster.awaitListening("r3");
        long r3Applied = Long.parseLong(ConsensusCluster.find(POSITION, cluster.head("r3")));
        String allocate = "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\"0042\",\"prefix\":\"+1312\"}";
        for (int i = 0; i < 100 && cluster.gauge("r3", CUT_OFF) == 0; i++) {
            assertThat(submit("r1", allocate).statusCode()).isEqualTo(200);
        }
        assertThat(cluster.gauge("r3", CUT_OFF)).as("r3 cut off").isEqualTo(1);
        assertThat(cluster.gauge("r3", UNAPPLIED)).as("r3 holds more than max-unapplied").isGreaterThan(2048);
        Thread.sleep(1000); // the loop's turn that cut r3 off ends with handing over what it learned
        double r3Decided = cluster.gauge("r3", DECIDED);
        for (int i = 0; i < 20; i++) {
            assertThat(submit("r1", allocate).statusCode()).isEqualTo(200);
        }
        long position = Long.parseLong(ConsensusCluster.find(POSITION, cluster.head("r1")));
        Thread.sleep(2000);
        System.out.printf("r3 cut off at slot %.0f holding %.0f bytes; r1 decided slot %.0f%n", cluster.gauge("r3", DECIDED),
                cluster.gauge("r3", UNAPPLIED), cluster.gauge("r1", DECIDED));
        assertThat(cluster.gauge("r3", DECIDED)).as("r3 learns nothing while cut off").isEqualTo(r3Decided)
                .isLessThan(cluster.gauge("r1", DECIDED) - 10);
        String head = cluster.head("r3");
        assertThat(Long.parseLong(ConsensusCluster.find(POSITION, head))).as("r3 applied").isEqualTo(r3Applied).isLessThan(position);
        assertThat(Long.parseLong(ConsensusCluster.find(PUBLISHED, head))).as("r3 published").isLessThan(position);
        assertThat(cluster.gauge("r3", CUT_OFF)).isEqualTo(1);
        // Kafka back: r3 applies what it holds one slot at a time (max-apply of one byte), talks
        // again, catches up — stopping whenever it holds too much — and its topic has each event once.
        try (TcpForwarder kafka = new TcpForwarder(kafkaSwitch, cluster.kafkaPort())) {
            cluster.awaitReady("r3");
            identicalTopics(cluster.sameHeadEverywhere());
        }
    }

    @Test
    @Order(7)
    void aRegistrarBehindTheCompactedLogsComesBackBySnapshotAndTail() throws Exception {
        // r1 and r2 keep only a few slots, so r3 cannot be told what it missed slot by slot.
        cluster.kill("r3");
        restartCompactingEarly("r1", "r2");
        // bench/long-partition runs this with more (-Dnumreg.partition.commands=100000).
        int commands = Integer.getInteger("numreg.partition.commands", 2000);
        long loading = System.nanoTime();
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < commands; i++) {
                String registrar = i % 2 == 0 ? "r1" : "r2";
                answers.add(clients.submit(() -> submit(registrar,
                        "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\"1510\",\"prefix\":\"+1312\"}")));
            }
        }
        for (Future<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
        }
        long behind = Long.parseLong(ConsensusCluster.find(POSITION, cluster.head("r1")));
        System.out.printf("r1 and r2 committed %d commands in %d ms while r3 was down%n", commands,
                Duration.ofNanos(System.nanoTime() - loading).toMillis());
        long started = System.nanoTime();
        cluster.restart("r3");
        cluster.awaitReady("r3");
        long position = cluster.sameHeadEverywhere();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        identicalTopics(position);
        System.out.printf("r3 came back %d commands behind and caught up by snapshot in %d ms (restart included)%n",
                commands, took.toMillis());
        assertThat(position).isGreaterThanOrEqualTo(behind);
        String log = cluster.registrar("r3").process.logTail(400);
        assertThat(log).contains("installed node");
        log.lines().filter(line -> line.contains("installed node")).forEach(System.out::println);
    }

    @Test
    @Order(8)
    void aRegistrarThatNeedsASnapshotWhileItsKafkaIsDownStaysCutOffUntilKafkaIsBack() throws Exception {
        // r3, down while r1 and r2 compact their logs, comes back needing a snapshot, which it
        // cannot install before Kafka takes its events. Its log could only fill with slots decided
        // out of order: it stops talking to its peers until it has installed one.
        cluster.kill("r3");
        restartCompactingEarly("r1", "r2"); // and forgetting that r3 read their logs lately
        for (int i = 0; i < 30; i++) {
            assertThat(submit("r1", "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\"0042\",\"prefix\":\"+1312\"}")
                    .statusCode()).isEqualTo(200);
        }
        int kafkaSwitch = Ports.free();
        cluster.restart("r3", Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaSwitch));
        cluster.awaitListening("r3");
        // (once its first attempt to reach Kafka has failed, which takes a minute)
        cluster.awaitGauge("r3", CUT_OFF, 1, Duration.ofSeconds(150));
        long r3Applied = Long.parseLong(ConsensusCluster.find(POSITION, cluster.head("r3")));
        assertThat(submit("r2", "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\"0042\",\"prefix\":\"+1312\"}")
                .statusCode()).as("the others go on").isEqualTo(200);
        assertThat(Long.parseLong(ConsensusCluster.find(POSITION, cluster.head("r3")))).isEqualTo(r3Applied);
        try (TcpForwarder kafka = new TcpForwarder(kafkaSwitch, cluster.kafkaPort())) {
            cluster.awaitReady("r3");
            identicalTopics(cluster.sameHeadEverywhere());
            assertThat(cluster.gauge("r3", CUT_OFF)).isZero();
        }
    }

    @Test
    @Order(9)
    void aFourthRegistrarJoinsUnderLoadAndBecomesAVoter() throws Exception {
        cluster.join("r4");
        cluster.awaitListening("r4");
        Load load = new Load("0042");
        Thread.sleep(1000);
        HttpResponse<String> added = submit("r1", "{\"type\":\"add-registrar\",\"id\":\"%s\",\"registrar\":\"r4\","
                + "\"node\":4,\"endpoint\":\"" + cluster.peerUrl("r4") + "\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        long started = System.nanoTime();
        cluster.awaitReady("r4");
        cluster.awaitHead("r1", "\"voters\":[1,2,3,4],\"learners\":[]", Duration.ofSeconds(60));
        System.out.printf("r4 was added, caught up and became a voter %d ms later%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        Thread.sleep(1000);
        assertThat(load.stop()).doesNotContain(409, 422, -1).contains(200);
        identicalTopics(cluster.sameHeadEverywhere());
        // With four voters a quorum is three: one registrar down, the others still commit.
        cluster.kill("r2");
        HttpResponse<String> answer = submitUntilCommitted("r4",
                "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\"0042\",\"prefix\":\"+1312\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    /** Allocations submitted one after another at r1, r2, r3 in turn, until stopped. */
    private final class Load {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;

        Load(String ocn) {
            thread = Thread.ofPlatform().start(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        statuses.add(submit("r" + (i % 3 + 1), "{\"type\":\"allocate-number\",\"id\":\"%s\",\"ocn\":\""
                                + ocn + "\",\"prefix\":\"+1312\"}").statusCode());
                    } catch (Exception e) {
                        statuses.add(-1); // the registrar asked was down
                    }
                }
            });
        }

        /** Stops; the answers' statuses (-1: no answer). */
        List<Integer> stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return List.copyOf(statuses);
        }
    }

    /** Submits, again while the answer is 503 (no leader yet), for up to 30 s; the last answer. */
    private HttpResponse<String> submitUntilCommitted(String registrar, String template) throws Exception {
        String command = template.formatted("cmd-" + ids.incrementAndGet());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> answer;
        do {
            answer = cluster.submit(registrar, command);
        } while (answer.statusCode() == 503 && System.nanoTime() < deadline);
        return answer;
    }

    private HttpResponse<String> submit(String registrar, String template) throws Exception {
        return cluster.submit(registrar, template.formatted("cmd-" + ids.incrementAndGet()));
    }

    /** Waits until the three heads agree; returns the position. */
    private void restartCompactingEarly(String... registrars) {
        for (String registrar : registrars) {
            cluster.kill(registrar);
            cluster.restart(registrar, COMPACT_EARLY);
        }
        for (String registrar : registrars) {
            cluster.awaitReady(registrar);
        }
    }

    /** Every registrar's topic holds positions 1 to {@code last}, each event once, the same everywhere. */
    private List<ChangeEvent> identicalTopics(long last) {
        List<ChangeEvent> reference = null;
        for (ConsensusCluster.Registrar registrar : cluster.all()) {
            List<ChangeEvent> events = cluster.events(registrar.id, last, Duration.ofSeconds(60));
            assertThat(events.getLast().position()).as(registrar.id + " published through").isEqualTo(last);
            long expectedPosition = 1;
            int expectedIndex = 0;
            for (ChangeEvent event : events) {
                if (event.position() == expectedPosition && event.index() == expectedIndex) {
                    expectedIndex++;
                } else {
                    assertThat(event.position()).as(registrar.id + ": no gap, no duplicate").isEqualTo(expectedPosition + 1);
                    assertThat(event.index()).isZero();
                    expectedPosition++;
                    expectedIndex = 1;
                }
            }
            if (reference == null) {
                reference = events;
            } else {
                assertThat(events).as(registrar.id + " has the same events").isEqualTo(reference);
            }
        }
        return reference;
    }

    private List<String> followers() throws Exception {
        String leader = cluster.leader();
        return List.of("r1", "r2", "r3").stream().filter(r -> !r.equals(leader)).toList();
    }

}
