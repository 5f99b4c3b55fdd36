package org.numreg.consensus.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.numreg.consensus.log.LogHead;
import org.numreg.consensus.log.Submission;
import org.numreg.paxos.Config;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Message;
import org.numreg.paxos.Node;
import org.numreg.paxos.Options;
import org.numreg.paxos.Proposal;
import org.numreg.paxos.Ready;
import org.numreg.paxos.Value;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Principal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three consensus loops in one JVM, without Quarkus or PostgreSQL: their networks deliver to each
 * other, their disks are lists, and the test stands in for the applier threads.
 */
class NodeLoopTest {

    private static final Duration TICK = Duration.ofMillis(5);
    private final List<Registrar> registrars = new ArrayList<>();

    /** One loop and what it persisted, sent and handed to its applier. */
    private final class Registrar implements NodeLoop.Disk {
        final int id;
        final BackPressure backPressure;
        final Handoff handoff;
        final NodeLoop loop;
        final Set<String> persisted = Collections.synchronizedSet(new HashSet<>());
        final List<String> sentBeforePersisting = new CopyOnWriteArrayList<>();
        final List<Decision> decided = new CopyOnWriteArrayList<>();

        Registrar(int id, long maxUnapplied) {
            this.id = id;
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            backPressure = new BackPressure(maxUnapplied, metrics);
            handoff = new Handoff(backPressure);
            Submissions submissions = new Submissions(100, ids -> Map.of(), command -> Optional.empty(), metrics);
            Node node = Node.create(Options.defaults(id, id).withTicks(2, 6, 10).withMaxBatch(16),
                    Config.of(1, 2, 3));
            loop = new NodeLoop(node, this, this::send, submissions, handoff, backPressure,
                    () -> new LogHead(0, 0, Instant.EPOCH, new byte[32]), TICK, Duration.ofMinutes(2));
        }

        @Override
        public void persist(Ready ready) {
            if (ready.promised() != null) {
                persisted.add("promise " + ready.promised());
            }
            ready.accepted().forEach(a -> persisted.add("accepted " + a.slot() + " " + a.ballot()));
        }

        @Override
        public void compact(long slot, Membership membership) {
        }

        /** A promise or an acceptance may leave only once it is durable. */
        private void send(List<Message> messages) {
            for (Message message : messages) {
                String needed = switch (message) {
                    case Message.Promise p -> "promise " + p.ballot();
                    case Message.Accepted a -> "accepted " + a.slot() + " " + a.ballot();
                    default -> null;
                };
                if (needed != null && !persisted.contains(needed)) {
                    sentBeforePersisting.add(message.toString());
                }
                registrars.get(message.to() - 1).loop.deliver(List.of(message));
            }
        }

        /** Whether this registrar's applier is stuck (its Kafka is down): what it was handed stays unapplied. */
        volatile boolean applierStuck;

        /** Stands in for the applier thread: applies what the loop handed over. */
        void apply() throws InterruptedException {
            if (applierStuck) {
                return;
            }
            for (Handoff.Work work : handoff.take(Duration.ZERO)) {
                if (work instanceof Handoff.Decided d) {
                    decided.addAll(d.decisions());
                    backPressure.released(d.decisions());
                }
            }
        }

        List<String> commandsDecided() {
            return decided.stream().filter(d -> d.value() instanceof Value.Batch)
                    .flatMap(d -> ((Value.Batch) d.value()).proposals().stream()).map(Proposal::id).toList();
        }
    }

    private void start(long... maxUnapplied) {
        for (int id = 1; id <= 3; id++) {
            registrars.add(new Registrar(id, maxUnapplied[id - 1]));
        }
        registrars.forEach(r -> r.loop.start());
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Registrar r : registrars) {
            r.loop.stop();
        }
    }

    private static Submission submission(String registrar, String commandId) {
        return new Submission(registrar, Principal.ANONYMOUS,
                new Command.CloseRange(commandId, Prefix.of("+1212555")), null);
    }

    private void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what).isTrue();
            for (Registrar r : registrars) {
                r.apply();
            }
            Thread.sleep(5);
        }
    }

    @Test
    void commandsSubmittedAtAnyLoopAreDecidedEverywhereInOneOrderAndNothingLeavesBeforeItIsDurable()
            throws InterruptedException {
        start(1 << 20, 1 << 20, 1 << 20);
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Registrar at = registrars.get(i % 3);
            String id = "cmd-" + i;
            at.loop.submit(submission("r" + at.id, id));
            submitted.add("r" + at.id + "/" + id);
        }
        awaitUntil("every loop decided all 30 commands",
                () -> registrars.stream().allMatch(r -> r.commandsDecided().size() == submitted.size()));

        List<String> order = registrars.getFirst().commandsDecided();
        assertThat(order).containsExactlyInAnyOrderElementsOf(submitted);
        for (Registrar r : registrars) {
            assertThat(r.commandsDecided()).as("node %d's order", r.id).isEqualTo(order);
            assertThat(r.sentBeforePersisting).as("node %d's messages sent before persisting", r.id).isEmpty();
            assertThat(r.loop.status().decidedThrough()).isEqualTo(r.decided.getLast().slot());
        }
        assertThat(registrars.stream().filter(r -> r.loop.status().role() == Node.Role.LEADER)).hasSize(1);
    }

    @Test
    void aLoopHoldingTooMuchUnappliedStopsTalkingUntilHalfIsAppliedThenCatchesUp() throws InterruptedException {
        start(1 << 20, 1 << 20, 1);
        Registrar cutOff = registrars.get(2);
        cutOff.applierStuck = true;
        registrars.getFirst().loop.submit(submission("r1", "first"));
        awaitUntil("node 3 holds a decision it cannot apply and stops talking; node 1 or 2 leads",
                () -> !cutOff.backPressure.talking() && leaderAmongFirstTwo().isPresent());
        Registrar leader = leaderAmongFirstTwo().orElseThrow();
        for (int i = 0; i < 10; i++) {
            leader.loop.submit(submission("r" + leader.id, "cmd-" + i));
        }
        awaitUntil("nodes 1 and 2 decided all 11 commands without node 3",
                () -> registrars.get(0).commandsDecided().size() == 11
                        && registrars.get(1).commandsDecided().size() == 11);
        assertThat(cutOff.backPressure.talking()).as("node 3 talks while it holds more than it may").isFalse();
        assertThat(cutOff.loop.status().decidedThrough())
                .isLessThan(registrars.getFirst().loop.status().decidedThrough());

        cutOff.applierStuck = false;
        awaitUntil("node 3 talks again and catches up", () -> cutOff.commandsDecided().size() == 11);
        assertThat(cutOff.backPressure.talking()).isTrue();
        assertThat(cutOff.commandsDecided()).isEqualTo(registrars.getFirst().commandsDecided());
    }

    private Optional<Registrar> leaderAmongFirstTwo() {
        return registrars.subList(0, 2).stream().filter(r -> r.loop.status().role() == Node.Role.LEADER).findFirst();
    }
}
