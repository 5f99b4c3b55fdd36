package org.numreg.paxos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the seeded simulation over many seeds (docs/consensus.md, "Simulation"). A failure names
 * its seed and the command that replays exactly that run.
 *
 * <ul>
 *   <li>{@code -Dpaxos.sim.seeds=N}: how many seeds (default in paxos/pom.xml)</li>
 *   <li>{@code -Dpaxos.sim.seed=S}: replay one seed</li>
 *   <li>{@code -Dpaxos.sim.first=F}: start at seed F (a soak: {@code -Dpaxos.sim.seeds=100000})</li>
 * </ul>
 */
class SimulationTest {

    @Test
    void safeUnderFaultsAndLiveAfterHealing() {
        String replay = System.getProperty("paxos.sim.seed");
        long first = replay != null ? Long.parseLong(replay) : Long.getLong("paxos.sim.first", 1);
        long seeds = replay != null ? 1 : Long.getLong("paxos.sim.seeds", 200);
        long started = System.nanoTime();
        long steps = 0;
        long decided = 0;
        long maxLiveness = 0;
        long messages = 0;
        long crashes = 0;
        int[] byNodes = new int[6];
        List<String> failures = new ArrayList<>();
        for (long seed = first; seed < first + seeds; seed++) {
            Simulation.Scenario scenario = Simulation.Scenario.of(seed);
            try {
                Simulation.Result result = new Simulation(scenario).run();
                steps += result.steps();
                decided += result.decided();
                maxLiveness = Math.max(maxLiveness, result.livenessTicks());
                messages += result.messages();
                crashes += result.crashes();
                byNodes[scenario.nodes()]++;
            } catch (RuntimeException e) {
                failures.add("seed " + seed + " " + scenario + ": " + e + where(e) + "\n  replay: ./mvnw -pl paxos test"
                        + " -Dtest=SimulationTest -Dpaxos.sim.seed=" + seed);
                if (failures.size() >= 5) {
                    break;
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("paxos simulation: %d seeds (%d with 3 nodes, %d with 5), %,d steps, %,d slots decided,"
                        + " %,d messages, %d crashes, liveness within %d ticks of healing, in %.1f s%n",
                seeds, byNodes[3], byNodes[5], steps, decided, messages, crashes, maxLiveness,
                took.toMillis() / 1000.0);
        assertThat(failures).as("simulation failures").isEmpty();
    }

    /** Where an unexpected exception (not a checked invariant) came from. */
    private static String where(RuntimeException e) {
        if (e instanceof Invariants.Violation) {
            return "";
        }
        StringBuilder frames = new StringBuilder();
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frames.length() > 600) {
                break;
            }
            frames.append("\n    at ").append(frame);
        }
        return frames.toString();
    }
}
