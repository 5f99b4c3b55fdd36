package org.numreg.system.history;

import org.junit.jupiter.api.Test;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.numreg.system.history.Operation.Kind.ALLOCATE;
import static org.numreg.system.history.Operation.Kind.ALLOCATE_ANY;
import static org.numreg.system.history.Operation.Kind.RELEASE;
import static org.numreg.system.history.Operation.Outcome.OK;
import static org.numreg.system.history.Operation.Outcome.REFUSED;
import static org.numreg.system.history.Operation.Outcome.UNKNOWN;

/** The checker passes a history the registry could have produced and fails each planted fault. */
class HistoryCheckerTest {

    private static final String N = "+12125550100";
    private static final String M = "+12125550101";
    private final History history = new History();
    private final List<ChangeEvent> log = new ArrayList<>();

    @Test
    void aRaceARefusalAReleaseAnAnyFreeAndUnknownWritesPass() {
        allocated(1, "a1", N, "1510");
        rejected(2, "b1");
        released(3, "a2", N, "1510");
        allocated(4, "c1", M, "0042");
        allocated(5, "b2", N, "0042");
        write(1, "r1", ALLOCATE, N, "1510", "a1", 0, 10, OK, 1);
        write(2, "r2", ALLOCATE, N, "0042", "b1", 5, 20, REFUSED, -1);
        write(3, "r1", RELEASE, N, "1510", "a2", 30, 40, OK, 3);
        write(4, "r3", ALLOCATE_ANY, M, "0042", "c1", 35, 45, OK, 4);
        write(5, "r2", ALLOCATE, N, "0042", "b2", 50, Operation.NEVER, UNKNOWN, -1);   // took effect at 5
        write(6, "r3", ALLOCATE, M, "1510", "c2", 50, Operation.NEVER, UNKNOWN, -1);   // never reached the log
        history.read(new Read("r3", N, 1, "1510", 2, 1));
        history.read(new Read("r1", N, 1, null, 1, -1));      // free again by position 3
        history.read(new Read("r2", N, 1, "0042", 2, 5));     // the record newer than the answer's position

        assertThat(check()).isEmpty();
    }

    @Test
    void aNumberAllocatedTwiceFails() {
        allocated(1, "a1", N, "1510");
        allocated(2, "b1", N, "0042");
        write(1, "r1", ALLOCATE, N, "1510", "a1", 0, 10, OK, 1);
        write(2, "r2", ALLOCATE, N, "0042", "b1", 20, 30, OK, 2);

        assertThat(check()).anyMatch(v -> v.contains("two OCNs held it at once"))
                .anyMatch(v -> v.startsWith("no order of the writes to " + N));
    }

    @Test
    void anAcknowledgedWriteMissingFromTheLogFails() {
        allocated(1, "a1", N, "1510");
        write(1, "r1", ALLOCATE, N, "1510", "a1", 0, 10, OK, 1);
        write(2, "r2", ALLOCATE, M, "0042", "b1", 20, 30, OK, 2);

        assertThat(check()).singleElement().asString().contains("b1").endsWith("at 2: lost");
    }

    @Test
    void aLogThatAgreesWithItselfButNotWithRealTimeFails() {
        allocated(1, "a1", N, "1510");
        released(2, "a2", N, "1510");
        // The release was answered before the allocation was asked for: no register does that.
        write(1, "r1", RELEASE, N, "1510", "a2", 0, 10, OK, 2);
        write(2, "r1", ALLOCATE, N, "1510", "a1", 20, 30, OK, 1);

        assertThat(check()).singleElement().asString().startsWith("no order of the writes to " + N);
    }

    @Test
    void aRefusedWriteThatChangedSomethingFails() {
        allocated(1, "a1", N, "1510");
        write(1, "r1", ALLOCATE, N, "1510", "a1", 0, 10, REFUSED, -1);

        assertThat(check()).anyMatch(v -> v.contains("was refused but took effect at [1]"));
    }

    @Test
    void aCommandThatTookEffectTwiceFails() {
        allocated(1, "a1", N, "1510");
        released(2, "a2", N, "1510");
        allocated(3, "a1", N, "1510");
        write(1, "r1", ALLOCATE, N, "1510", "a1", 0, Operation.NEVER, UNKNOWN, -1);

        assertThat(check()).anyMatch(v -> v.contains("took effect 2 times, at [1, 3]"));
    }

    @Test
    void aReadBehindItsMinimumPositionOrShowingAnotherHolderOrShowingAHeldNumberFreeFails() {
        allocated(1, "a1", N, "1510");
        released(2, "a2", N, "1510");
        allocated(3, "b1", M, "0042");
        history.read(new Read("r2", N, 2, "1510", 1, 1));
        history.read(new Read("r3", N, 2, "1510", 2, 1));
        history.read(new Read("r1", M, 3, null, 3, -1));

        assertThat(check()).hasSize(3)
                .anyMatch(v -> v.contains("before the 2 it asked for"))
                .anyMatch(v -> v.contains("showed holder 1510 where the log has null at 2"))
                .anyMatch(v -> v.contains("showed the number free where the log has 0042 from 3 on"));
    }

    @Test
    void aPortMayBeRefusedAnywhereButSucceedOnlyAwayFromAnotherHolder() {
        allocated(1, "a1", N, "1510");
        ported(2, "kf00dfeedcafe0123:p1", N, "1510", "0042");   // sent through porting-service with key p1
        ported(3, "p2", M, "1510", "0042");                      // M was free: nobody could port it
        write(1, "r1", ALLOCATE, N, "1510", "a1", 0, 10, OK, 1);
        write(2, "r2", Operation.Kind.PORT, N, "1510", "p0", 12, 14, REFUSED, -1);   // the PIN not set yet
        write(3, "r3", Operation.Kind.PORT, N, "0042", "p1", 20, 30, OK, 2);
        write(4, "r3", Operation.Kind.PORT, M, "0042", "p2", 40, 50, OK, 3);

        assertThat(check()).hasSize(2)
                .anyMatch(v -> v.startsWith("position 3 (") && v.endsWith("a change by a non-holder"))
                .anyMatch(v -> v.startsWith("no order of the writes to " + M));
    }

    @Test
    void topicsThatDifferFail() {
        allocated(1, "a1", N, "1510");
        List<ChangeEvent> shorter = List.of();

        assertThat(HistoryChecker.check(history, Map.of("r1", log, "r2", shorter)))
                .anyMatch(v -> v.matches("r[12]'s topic differs from r[12]'s"));
    }

    private List<String> check() {
        return HistoryChecker.check(history, Map.of("r1", log, "r2", List.copyOf(log)));
    }

    private void write(int id, String registrar, Operation.Kind kind, String number, String ocn, String command,
                       long invoked, long completed, Operation.Outcome outcome, long position) {
        history.add(new Operation(id, registrar, kind, outcome == UNKNOWN ? null : number, "+1212", ocn, command,
                invoked, completed, outcome, position));
    }

    private void allocated(long position, String command, String number, String ocn) {
        logged(position, command, new Event.NumberAllocated(new Event.NumberView(E164.of(number), Ocn.of(ocn),
                NumberProperties.NONE, false, null, null, false, 1, Instant.EPOCH, Instant.EPOCH)));
    }

    private void released(long position, String command, String number, String ocn) {
        logged(position, command, new Event.NumberReleased(E164.of(number), Ocn.of(ocn)));
    }

    private void ported(long position, String command, String number, String from, String to) {
        logged(position, command, new Event.PortCompleted(E164.of(number), Ocn.of(from), Ocn.of(to), 2, command));
    }

    private void rejected(long position, String command) {
        logged(position, command, new Event.CommandRejected(Rejection.NUMBER_TAKEN, "taken"));
    }

    private void logged(long position, String command, Event event) {
        log.add(new ChangeEvent(position, 0, 1, Instant.EPOCH, "r1", null, command, null, "h" + position, event, null));
    }
}
