package org.numreg.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.event.Event;
import org.numreg.system.history.History;
import org.numreg.system.history.HistoryChecker;
import org.numreg.system.history.Operation;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jepsen's way: clients at all three registrars keep allocating and releasing ten contended
 * numbers while the registrars' links are cut (a minority, the leader alone, one direction,
 * flapping), the leader is paused past its window and a registrar is killed, the logs compacted
 * every 10 slots so that a healed registrar comes back by a snapshot; every answer is
 * recorded ({@link History}), and once the links heal, {@link HistoryChecker} holds what the
 * clients were told against every registrar's topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsIT {

    private static final String PREFIX = "+1415555010";
    private static final List<String> OCNS = List.of("1510", "0042", "0777");
    static final List<String> REGISTRARS = List.of("r1", "r2", "r3");

    ConsensusCluster cluster;
    History history = new History();
    private final AtomicInteger commands = new AtomicInteger();
    final List<String> faults = new ArrayList<>();

    @BeforeAll
    void startThreeRegistrarsWithLinksThatCanBeCut() throws Exception {
        // Logs compacted every 10 slots: a registrar cut off for seconds comes back by a snapshot.
        cluster = new ConsensusCluster(REGISTRARS, true, ConsensusCluster.COMPACT_EARLY);
        assertThat(setUp("{\"type\":\"open-range\",\"id\":\"%s\",\"prefix\":\"+1415\",\"digits\":0}")).isEqualTo(200);
        for (String ocn : OCNS) {
            assertThat(setUp("{\"type\":\"register-ocn\",\"id\":\"%s\",\"ocn\":\"" + ocn + "\",\"name\":\"Carrier " + ocn + "\"}"))
                    .isEqualTo(200);
        }
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void partitionsPausesAndCrashesWhileClientsWriteLoseNothingAndHoldNoNumberTwice() throws Exception {
        history = new History();
        faults.clear();
        Clients clients = writers(2);
        String leader = cluster.leader();
        String follower = REGISTRARS.stream().filter(r -> !r.equals(leader)).findFirst().orElseThrow();
        fault("a minority registrar (" + follower + ") cut off", 5, () -> cluster.isolate(follower));
        String alone = cluster.leader();
        fault("the leader (" + alone + ") cut off alone", 6, () -> {
            cluster.isolate(alone);
            cluster.awaitLeaderOtherThan(alone, Duration.ofSeconds(5));
        });
        String next = cluster.leader();
        String other = REGISTRARS.stream().filter(r -> !r.equals(next)).findFirst().orElseThrow();
        fault("one way: " + next + " (leader) to " + other, 5, () -> cluster.cut(next, other));
        fault("one way: " + other + " to " + next + " (leader)", 5, () -> cluster.cut(other, next));
        faults.add("a flapping link: " + other + " cut off and back every second");
        for (int i = 0; i < 4; i++) {
            cluster.isolate(other);
            Thread.sleep(1000);
            cluster.healAll();
            Thread.sleep(1000);
        }
        String paused = cluster.leader();
        faults.add("the leader (" + paused + ") paused 3 s, past its 1 s window");
        cluster.pause(paused);
        Thread.sleep(3000);
        cluster.resume(paused);
        Thread.sleep(2000);
        String victim = REGISTRARS.stream().filter(r -> !r.equals(paused)).findFirst().orElseThrow();
        faults.add("kill -9 of " + victim + " while the links of " + paused + " flap");
        cluster.kill(victim);
        cluster.isolate(paused);
        Thread.sleep(1000);
        cluster.healAll();
        cluster.restart(victim);
        cluster.awaitReady(victim);
        Thread.sleep(2000);
        clients.stop();

        assertThat(violationsOnceHealed()).isEmpty();
        long snapshots = 0;
        for (String registrar : REGISTRARS) {
            snapshots += cluster.log(registrar).lines().filter(line -> line.contains("installed node")).count();
        }
        System.out.printf("snapshots installed after a partition healed: %d%n", snapshots);
        assertThat(snapshots).as("partitions healed after the others compacted their logs").isPositive();
        assertThat(history.count(Operation.Outcome.OK)).as("acknowledged writes").isGreaterThan(50);
        assertThat(history.count(Operation.Outcome.REFUSED)).as("refused writes (the numbers are contended)").isGreaterThan(10);
    }

    /** Once every registrar has caught up: what {@link HistoryChecker} finds wrong with the history and the topics. */
    List<String> violationsOnceHealed() throws Exception {
        cluster.healAll();
        long head = cluster.sameHeadEverywhere();
        Map<String, List<ChangeEvent>> topics = cluster.topicsThrough(head);
        List<Operation> operations = history.operations();
        System.out.printf("faults: %s%noperations %d: ok %d, refused %d, unknown %d; log head %d%n", faults,
                operations.size(), history.count(Operation.Outcome.OK), history.count(Operation.Outcome.REFUSED),
                history.count(Operation.Outcome.UNKNOWN), head);
        return HistoryChecker.check(history, topics);
    }

    interface Fault {
        void start() throws Exception;
    }

    /** Starts a fault, lets the clients write through it for a while, heals every link, lets them write on. */
    void fault(String name, int seconds, Fault fault) throws Exception {
        faults.add(name);
        fault.start();
        Thread.sleep(seconds * 1000L);
        cluster.healAll();
        Thread.sleep(2000);
    }

    private int setUp(String template) throws Exception {
        return cluster.submit("r1", template.formatted("setup-" + commands.incrementAndGet())).statusCode();
    }

    /** Client threads, {@code perRegistrar} at each registrar, each for one OCN, writing until stopped. */
    Clients writers(int perRegistrar) {
        Clients clients = new Clients();
        for (int i = 0; i < perRegistrar * REGISTRARS.size(); i++) {
            String registrar = REGISTRARS.get(i % REGISTRARS.size());
            String ocn = OCNS.get((i + i / REGISTRARS.size()) % OCNS.size());   // each OCN writes at two registrars
            Random random = new Random(i);
            clients.start("client-" + i, () -> write(registrar, ocn, random));
        }
        return clients;
    }

    /** One write, recorded with what the client was told. */
    private void write(String registrar, String ocn, Random random) {
        String number = PREFIX + random.nextInt(10);
        String id = "fault-" + commands.incrementAndGet();
        int pick = random.nextInt(10);
        Operation.Kind kind = pick < 4 ? Operation.Kind.ALLOCATE : pick < 7 ? Operation.Kind.ALLOCATE_ANY : Operation.Kind.RELEASE;
        String json = switch (kind) {
            case ALLOCATE -> "{\"type\":\"allocate-number\",\"id\":\"" + id + "\",\"ocn\":\"" + ocn + "\",\"number\":\"" + number + "\"}";
            case ALLOCATE_ANY -> "{\"type\":\"allocate-number\",\"id\":\"" + id + "\",\"ocn\":\"" + ocn + "\",\"prefix\":\"" + PREFIX + "\"}";
            case RELEASE -> "{\"type\":\"release-number\",\"id\":\"" + id + "\",\"ocn\":\"" + ocn + "\",\"number\":\"" + number + "\"}";
            case PORT -> throw new IllegalStateException("not written here");
        };
        History.Pending pending = history.invoke(registrar, kind, kind == Operation.Kind.ALLOCATE_ANY ? null : number,
                PREFIX, ocn, id);
        try {
            HttpResponse<String> answer = cluster.submit(registrar, json);
            switch (answer.statusCode()) {
                case 200 -> {
                    Committed committed = RegistryJson.read(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            Committed.class);
                    String concerned = kind == Operation.Kind.ALLOCATE_ANY
                            ? committed.events(Event.NumberAllocated.class).getFirst().number().number().value() : number;
                    pending.ok(concerned, committed.position());
                }
                case 409, 422 -> pending.refused();
                default -> {
                    pending.unknown();
                    Thread.sleep(100);
                }
            }
        } catch (Exception e) {
            pending.unknown();   // no answer: the registrar asked is down or cut off
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
