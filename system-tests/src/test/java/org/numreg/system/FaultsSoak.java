package org.numreg.system;

import org.junit.jupiter.api.Test;
import org.numreg.system.history.History;
import org.numreg.system.history.Operation;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bench/soak: {@link FaultsIT}'s registrars and clients for minutes, with faults at random. Not
 * part of the README test command (failsafe takes *IT classes); run by name:
 * {@code -Dit.test='FaultsSoak#soak'}.
 */
class FaultsSoak extends FaultsIT {

    /** For {@code -Dnumreg.soak.minutes} minutes (10), a random fault every 30 to 60 s while the clients write; then the check. */
    @Test
    void soak() throws Exception {
        String minutes = System.getProperty("numreg.soak.minutes", "10");
        history = new History();
        faults.clear();
        Random random = new Random(Long.getLong("numreg.soak.seed", System.nanoTime()));
        long end = System.nanoTime() + Duration.ofMinutes(Long.parseLong(minutes)).toNanos();
        Clients clients = writers(2);
        while (System.nanoTime() < end) {
            long next = System.nanoTime() + Duration.ofSeconds(30 + random.nextInt(31)).toNanos();
            randomFault(random);
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        clients.stop();
        List<String> violations = violationsOnceHealed();
        System.out.printf("soak: %s minutes, %d operations, %d faults, %d acknowledged, %d lost, %d double allocations,"
                        + " %d violations in all%n", minutes, history.operations().size(), faults.size(),
                history.count(Operation.Outcome.OK), violations.stream().filter(v -> v.endsWith(": lost")).count(),
                violations.stream().filter(v -> v.contains("two OCNs held it at once")).count(), violations.size());
        assertThat(violations).isEmpty();
    }

    private void randomFault(Random random) throws Exception {
        String leader = cluster.leader();
        String any = REGISTRARS.get(random.nextInt(REGISTRARS.size()));
        String other = REGISTRARS.stream().filter(r -> !r.equals(leader)).toList().get(random.nextInt(2));
        int seconds = 5 + random.nextInt(6);
        switch (random.nextInt(6)) {
            case 0 -> fault(any + " cut off", seconds, () -> cluster.isolate(any));
            case 1 -> fault("the leader (" + leader + ") cut off", seconds, () -> cluster.isolate(leader));
            case 2 -> fault("one way: " + leader + " (leader) to " + other, seconds, () -> cluster.cut(leader, other));
            case 3 -> fault("one way: " + other + " to " + leader + " (leader)", seconds, () -> cluster.cut(other, leader));
            case 4 -> {
                faults.add("the leader (" + leader + ") paused " + seconds + " s");
                cluster.pause(leader);
                Thread.sleep(seconds * 1000L);
                cluster.resume(leader);
            }
            default -> {
                faults.add("kill -9 of " + any + ", restarted after " + seconds + " s");
                cluster.kill(any);
                Thread.sleep(seconds * 1000L);
                cluster.restart(any);
                cluster.awaitReady(any);
            }
        }
    }
}
