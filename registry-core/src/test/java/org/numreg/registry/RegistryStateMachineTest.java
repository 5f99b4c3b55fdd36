package org.numreg.registry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberType;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;
import org.numreg.registry.event.Applied;
import org.numreg.registry.state.InMemoryRegistryStore;
import org.numreg.registry.event.Outcome;
import org.numreg.registry.state.RegistryRules;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.PinChannel;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.state.RegistryStateMachine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryStateMachineTest {

    static final Ocn ALICE = Ocn.of("1510");
    static final Ocn BOB = Ocn.of("0042");
    static final String HASH = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

    private InMemoryRegistryStore store;
    private RegistryStateMachine machine;
    private long position;
    private Duration passed = Duration.ZERO;
    private int ids;

    @BeforeEach
    void openAreaCodeForTwoCarriers() {
        store = new InMemoryRegistryStore();
        machine = new RegistryStateMachine(store, new RegistryRules(
                new PinFailures.PinBackoff(3, Duration.ofMinutes(10), Duration.ofMinutes(40))));
        accepted(new Command.OpenRange(id(), Prefix.of("+1312"), 0));
        accepted(new Command.RegisterOcn(id(), ALICE, "Alice Telecom", "noc@alice.example"));
        accepted(new Command.RegisterOcn(id(), BOB, "Bob Mobile", null));
    }

    @Test
    void allocatesAGivenNumberOnceOnly() {
        List<Event> events = accepted(new Command.AllocateNumber(id(), ALICE, E164.of("+13125550100"), null, null));
        assertThat(events).singleElement().isInstanceOfSatisfying(Event.NumberAllocated.class, e -> {
            assertThat(e.number().ocn()).isEqualTo(ALICE);
            assertThat(e.number().version()).isEqualTo(1);
        });
        assertThat(rejected(new Command.AllocateNumber(id(), BOB, E164.of("+13125550100"), null, null)))
                .isEqualTo(Rejection.NUMBER_TAKEN);
        assertThat(rejected(new Command.AllocateNumber(id(), BOB, E164.of("+17735550100"), null, null)))
                .isEqualTo(Rejection.RANGE_NOT_OPEN);
        assertThat(rejected(new Command.AllocateNumber(id(), Ocn.of("9999"), E164.of("+13125550101"), null, null)))
                .isEqualTo(Rejection.UNKNOWN_OCN);
    }

    @Test
    void allocatesTheLowestFreeNumbersUnderAPrefixSkippingOtherCarriersBlocks() {
        accepted(new Command.AllocateBlock(id(), BOB, Block.of("312-200-0")));
        accepted(new Command.AllocateNumber(id(), ALICE, E164.of("+13122001000"), null, null));
        List<Event> three = accepted(new Command.AllocateNumbers(id(), ALICE, Prefix.of("+1312"), 3, null));
        assertThat(three).extracting(Event::subject).containsExactly("+13122001001", "+13122001002", "+13122001003");
        // Bob takes from his own block first.
        assertThat(accepted(new Command.AllocateNumber(id(), BOB, null, Prefix.of("+1312"), null)))
                .extracting(Event::subject).containsExactly("+13122000000");
    }

    @Test
    void bulkAllocationIsAllOrNone() {
        accepted(new Command.OpenRange(id(), Prefix.of("+1773555000"), 0)); // ten numbers
        assertThat(rejected(new Command.AllocateNumbers(id(), ALICE, Prefix.of("+1773555000"), 11, null)))
                .isEqualTo(Rejection.NO_FREE_NUMBER);
        assertThat(store.numbers()).isEmpty();
        assertThat(accepted(new Command.AllocateNumbers(id(), ALICE, Prefix.of("+1773555000"), 10, null))).hasSize(10);
        assertThat(rejected(new Command.AllocateNumber(id(), ALICE, null, Prefix.of("+1773555000"), null)))
                .isEqualTo(Rejection.NO_FREE_NUMBER);
    }

    @Test
    void aReleasedNumberIsFreeAgainAndTheLowest() {
        accepted(new Command.AllocateNumbers(id(), ALICE, Prefix.of("+1312"), 3, null));
        assertThat(rejected(new Command.ReleaseNumber(id(), BOB, E164.of("+13122000001")))).isEqualTo(Rejection.NOT_HOLDER);
        accepted(new Command.ReleaseNumber(id(), ALICE, E164.of("+13122000001")));
        assertThat(accepted(new Command.AllocateNumber(id(), BOB, null, Prefix.of("+1312"), null)))
                .extracting(Event::subject).containsExactly("+13122000001");
    }

    @Test
    void blocksMustBeFreeAndWithinAnOpenRange() {
        accepted(new Command.AllocateNumber(id(), ALICE, E164.of("+13125550100"), null, null));
        assertThat(rejected(new Command.AllocateBlock(id(), BOB, Block.of("312-555-0")))).isEqualTo(Rejection.NUMBER_TAKEN);
        accepted(new Command.AllocateBlock(id(), BOB, Block.of("312-555-1")));
        assertThat(rejected(new Command.AllocateBlock(id(), ALICE, Block.of("312-555-1")))).isEqualTo(Rejection.BLOCK_TAKEN);
        assertThat(rejected(new Command.AllocateBlock(id(), ALICE, Block.of("773-555-1")))).isEqualTo(Rejection.RANGE_NOT_OPEN);
        assertThat(rejected(new Command.AllocateNumber(id(), ALICE, E164.of("+13125551234"), null, null)))
                .isEqualTo(Rejection.BLOCK_TAKEN);
    }

    @Test
    void updatesAreGuardedByHolderAndVersion() {
        accepted(new Command.AllocateNumber(id(), ALICE, E164.of("+13125550100"), null, null));
        NumberProperties mobile = new NumberProperties("ALICE CARRIER", "Carol", null, NumberType.MOBILE, null, null,
                null, null);
        assertThat(rejected(new Command.UpdateNumber(id(), BOB, E164.of("+13125550100"), mobile, null)))
                .isEqualTo(Rejection.NOT_HOLDER);
        assertThat(rejected(new Command.UpdateNumber(id(), ALICE, E164.of("+13125550100"), mobile, 7L)))
                .isEqualTo(Rejection.VERSION_MOVED);
        List<Event> events = accepted(new Command.UpdateNumber(id(), ALICE, E164.of("+13125550100"), mobile, 1L));
        assertThat(events).singleElement().isInstanceOfSatisfying(Event.NumberUpdated.class, e -> {
            assertThat(e.number().properties().type()).isEqualTo(NumberType.MOBILE);
            assertThat(e.number().version()).isEqualTo(2);
        });
    }

    @Test
    void portNeedsAPinTheCheckedVersionAndNoLock() {
        E164 number = E164.of("+13125550100");
        accepted(new Command.AllocateNumber(id(), ALICE, number, null, null));
        assertThat(rejected(new Command.PortNumber(id(), number, BOB, 1))).isEqualTo(Rejection.PIN_NOT_SET);
        accepted(new Command.SetPin(id(), ALICE, number, HASH)); // version 2
        accepted(new Command.SetPortProtection(id(), ALICE, number, true)); // version 3
        assertThat(rejected(new Command.PortNumber(id(), number, BOB, 3))).isEqualTo(Rejection.PORT_PROTECTED);
        accepted(new Command.SetPortProtection(id(), ALICE, number, false)); // version 4
        assertThat(rejected(new Command.PortNumber(id(), number, BOB, 2))).isEqualTo(Rejection.VERSION_MOVED);
        assertThat(rejected(new Command.PortNumber(id(), number, ALICE, 4))).isEqualTo(Rejection.SAME_OCN);
        String portId = id();
        List<Event> ported = accepted(new Command.PortNumber(portId, number, BOB, 4));
        assertThat(ported).singleElement().isEqualTo(new Event.PortCompleted(number, ALICE, BOB, 5, portId));
        assertThat(store.number(number).orElseThrow().pinHash()).as("the PIN does not follow the number").isNull();
        assertThat(rejected(new Command.SetPin(id(), ALICE, number, HASH))).isEqualTo(Rejection.NOT_HOLDER);
    }

    @Test
    void wrongLookupPinsNeverCloseTheNumberToPorts() {
        E164 number = alicesNumberWithAPin(); // version 2
        for (int failure = 1; failure <= 9; failure++) {
            Event.PinFailureRecorded recorded = pinFailure(number, 2, PinChannel.LOOKUP);
            assertThat(recorded.failures()).isEqualTo(failure);
            assertThat(recorded.version()).as("a wrong PIN moves no version a port was checked at").isEqualTo(2);
        }
        assertThat(store.number(number).orElseThrow().lookupPinFailures().lockedAt(now())).isTrue();
        assertThat(accepted(new Command.PortNumber(id(), number, BOB, 2))).singleElement()
                .isInstanceOf(Event.PortCompleted.class);
    }

    @Test
    void wrongPortPinsCloseThePortChannelForAWindowThatGrowsAndEndsByItself() {
        E164 number = alicesNumberWithAPin(); // version 2
        for (Duration window : List.of(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40),
                Duration.ofMinutes(40))) {
            pinFailure(number, 2, PinChannel.PORT);
            pinFailure(number, 2, PinChannel.PORT);
            Instant closing = now().plusSeconds(1); // the next command's commit time
            assertThat(pinFailure(number, 2, PinChannel.PORT).lockedUntil()).isEqualTo(closing.plus(window));
            assertThat(rejected(new Command.PortNumber(id(), number, BOB, 2))).isEqualTo(Rejection.PIN_LOCKED);
            later(window.minusSeconds(3));
            assertThat(rejected(new Command.PortNumber(id(), number, BOB, 2))).as("the last second of " + window)
                    .isEqualTo(Rejection.PIN_LOCKED);
        }
        assertThat(rejected(new Command.RecordPinFailure(id(), number, 1, PinChannel.PORT)))
                .as("checked against an older PIN").isEqualTo(Rejection.VERSION_MOVED);
        assertThat(accepted(new Command.PortNumber(id(), number, BOB, 2))).as("open again by itself").singleElement()
                .isInstanceOf(Event.PortCompleted.class);
    }

    @Test
    void settingThePinAgainOpensBothChannelsAtOnce() {
        E164 number = alicesNumberWithAPin(); // version 2
        for (int failure = 1; failure <= 3; failure++) {
            pinFailure(number, 2, PinChannel.PORT);
            pinFailure(number, 2, PinChannel.LOOKUP);
        }
        accepted(new Command.SetPin(id(), ALICE, number, HASH)); // version 3
        NumberRecord record = store.number(number).orElseThrow();
        assertThat(record.portPinFailures()).isEqualTo(PinFailures.NONE);
        assertThat(record.lookupPinFailures()).isEqualTo(PinFailures.NONE);
        accepted(new Command.PortNumber(id(), number, BOB, 3));
    }

    @Test
    void aScheduledPortAgreedWithTheRightPinCompletesDespiteWrongPinsSince() {
        E164 number = E164.of("+13125550100");
        accepted(new Command.AllocateNumber(id(), ALICE, number, null, null));
        accepted(new Command.SetPin(id(), ALICE, number, HASH));
        String portId = id();
        accepted(new Command.SchedulePort(portId, number, BOB, 2, Instant.ofEpochSecond(position + 5)));
        for (int failure = 1; failure <= 3; failure++) {
            pinFailure(number, 2, PinChannel.PORT);
        }
        assertThat(accepted(new Command.CompletePort(id(), number, portId))).singleElement()
                .isInstanceOf(Event.PortCompleted.class);
    }

    /** +13125550100, allocated to alice, with a PIN: at version 2. */
    private E164 alicesNumberWithAPin() {
        E164 number = E164.of("+13125550100");
        accepted(new Command.AllocateNumber(id(), ALICE, number, null, null));
        accepted(new Command.SetPin(id(), ALICE, number, HASH));
        return number;
    }

    private Event.PinFailureRecorded pinFailure(E164 number, long checkedVersion, PinChannel channel) {
        return (Event.PinFailureRecorded) accepted(new Command.RecordPinFailure(id(), number, checkedVersion, channel))
                .getFirst();
    }

    @Test
    void theSameCommandIdIsDecidedOnce() {
        Command allocate = new Command.AllocateNumber("cmd-1", ALICE, E164.of("+13125550100"), null, null);
        Applied first = machine.apply(++position, Instant.EPOCH, "r1", Principal.ANONYMOUS, allocate);
        Applied again = machine.apply(++position, Instant.EPOCH, "r2", Principal.ANONYMOUS, allocate);
        assertThat(again.outcome()).isEqualTo(new Outcome.Repeated(first.position(), first.outcome()));
        assertThat(again.events()).singleElement().isEqualTo(new Event.CommandRepeated(first.position()));
        assertThat(store.numbers()).hasSize(1);
    }

    @Test
    void registrarsCanBeAddedAndRemovedButNotTheLast() {
        accepted(new Command.AddRegistrar(id(), "r1", 1, "https://r1.example:8101"));
        assertThat(rejected(new Command.AddRegistrar(id(), "r9", 1, "https://r9.example"))).isEqualTo(Rejection.REGISTRAR_EXISTS);
        accepted(new Command.AddRegistrar(id(), "r2", 2, "https://r2.example:8201"));
        accepted(new Command.RemoveRegistrar(id(), "r2"));
        assertThat(rejected(new Command.RemoveRegistrar(id(), "r1"))).isEqualTo(Rejection.LAST_REGISTRAR);
        assertThat(rejected(new Command.RemoveRegistrar(id(), "r7"))).isEqualTo(Rejection.UNKNOWN_REGISTRAR);
    }

    @Test
    void rangesMustNotOverlap() {
        assertThat(rejected(new Command.OpenRange(id(), Prefix.of("+1312555"), 0))).isEqualTo(Rejection.RANGE_OVERLAPS);
        accepted(new Command.CloseRange(id(), Prefix.of("+1312")));
        assertThat(rejected(new Command.AllocateNumber(id(), ALICE, E164.of("+13125550100"), null, null)))
                .isEqualTo(Rejection.RANGE_NOT_OPEN);
        assertThat(rejected(new Command.CloseRange(id(), Prefix.of("+1312")))).isEqualTo(Rejection.UNKNOWN_RANGE);
    }

    private String id() {
        return "c" + ++ids;
    }

    @Test
    void aScheduledPortCompletesWhenDueByCommitTimeAndCanBeCancelledBefore() {
        E164 number = alicesNumberWithAPin(); // version 2
        Instant due = Instant.ofEpochSecond(position + 6);
        assertThat(rejected(new Command.SchedulePort(id(), number, BOB, 2, Instant.ofEpochSecond(position))))
                .isEqualTo(Rejection.DUE_TIME_PASSED);
        String portId = id();
        assertThat(accepted(new Command.SchedulePort(portId, number, BOB, 2, due))).singleElement()
                .isEqualTo(new Event.PortScheduled(portId, number, ALICE, BOB, due));
        assertThat(rejected(new Command.PortNumber(id(), number, BOB, 2))).isEqualTo(Rejection.PORT_PENDING);
        assertThat(rejected(new Command.CompletePort(id(), number, portId))).as("not due yet")
                .isEqualTo(Rejection.PORT_NOT_DUE);
        assertThat(rejected(new Command.CompletePort(id(), number, "another"))).isEqualTo(Rejection.UNKNOWN_PORT);
        assertThat(store.number(number).orElseThrow().ocn()).isEqualTo(ALICE);
        List<Event> completed = accepted(new Command.CompletePort(id(), number, portId));
        assertThat(completed).singleElement().isEqualTo(new Event.PortCompleted(number, ALICE, BOB, 3, portId));
        assertThat(rejected(new Command.CompletePort(id(), number, portId))).as("once only")
                .isEqualTo(Rejection.UNKNOWN_PORT);

        accepted(new Command.SetPin(id(), BOB, number, HASH)); // version 4
        String back = id();
        accepted(new Command.SchedulePort(back, number, ALICE, 4, Instant.ofEpochSecond(position + 10)));
        assertThat(rejected(new Command.CancelPort(id(), number, Ocn.of("7777")))).isEqualTo(Rejection.NOT_HOLDER);
        assertThat(accepted(new Command.CancelPort(id(), number, ALICE))).singleElement()
                .isEqualTo(new Event.PortCancelled(back, number, BOB, ALICE, "cancelled by " + ALICE));
        assertThat(rejected(new Command.CancelPort(id(), number, ALICE))).isEqualTo(Rejection.UNKNOWN_PORT);

        String third = id();
        accepted(new Command.SchedulePort(third, number, ALICE, 4, Instant.ofEpochSecond(position + 10)));
        assertThat(accepted(new Command.ReleaseNumber(id(), BOB, number))).containsExactly(
                new Event.NumberReleased(number, BOB),
                new Event.PortCancelled(third, number, BOB, ALICE, "the number was released"));
        assertThat(store.scheduledPort(number)).isEmpty();
    }

    @Test
    void aDuePortOfANumberLockedSinceIsCancelled() {
        E164 number = E164.of("+13125550100");
        accepted(new Command.AllocateNumber(id(), ALICE, number, null, null));
        accepted(new Command.SetPin(id(), ALICE, number, HASH));
        String portId = id();
        accepted(new Command.SchedulePort(portId, number, BOB, 2, Instant.ofEpochSecond(position + 2)));
        accepted(new Command.SetPortProtection(id(), ALICE, number, true));
        assertThat(accepted(new Command.CompletePort(id(), number, portId))).singleElement()
                .isEqualTo(new Event.PortCancelled(portId, number, ALICE, BOB, number + " was locked against ports by " + ALICE));
        assertThat(store.number(number).orElseThrow().ocn()).isEqualTo(ALICE);
    }

    @Test
    void everyOutcomeNamesWhoAskedAndWhereAndARepeatNamesItsOwn() {
        Principal alice = new Principal("4d1c-alice", "alice");
        Principal bob = new Principal("9a7e-bob", "bob");
        Command allocate = new Command.AllocateNumber(id(), ALICE, E164.of("+13125550177"), null, null);
        Applied first = machine.apply(++position, now(), "r1", alice, allocate);
        Applied again = machine.apply(++position, now(), "r3", bob, allocate);
        assertThat(first.principal()).isEqualTo(alice);
        assertThat(first.registrar()).isEqualTo("r1");
        assertThat(again.principal()).as("who asked this time, whatever the first outcome").isEqualTo(bob);
        assertThat(again.registrar()).isEqualTo("r3");
        assertThat(store.applied(allocate.id()).orElseThrow().principal()).as("kept for the audit").isEqualTo(alice);
    }

    /** The commit time of the last command: one second a position, plus the time let pass. */
    private Instant now() {
        return Instant.ofEpochSecond(position).plus(passed);
    }

    private void later(Duration time) {
        passed = passed.plus(time);
    }

    private List<Event> accepted(Command command) {
        Applied applied = machine.apply(++position, now(), "r1", Principal.ANONYMOUS, command);
        assertThat(applied.outcome()).as(command.toString()).isInstanceOf(Outcome.Accepted.class);
        return applied.events();
    }

    private Rejection rejected(Command command) {
        Applied applied = machine.apply(++position, now(), "r1", Principal.ANONYMOUS, command);
        assertThat(applied.outcome()).as(command.toString()).isInstanceOf(Outcome.Rejected.class);
        assertThat(applied.events()).singleElement().isInstanceOf(Event.CommandRejected.class);
        return ((Outcome.Rejected) applied.outcome()).reason();
    }
}
