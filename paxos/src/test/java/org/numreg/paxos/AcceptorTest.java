package org.numreg.paxos;

import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What an acceptor hands its caller to persist. */
class AcceptorTest {

    @Test
    void aSlotAcceptedTwiceBeforeItIsPersistedIsPersistedOnceWithTheLaterBallot() {
        DecidedLog log = new DecidedLog(4, 0, Membership.initial(Config.of(1, 2)), new TreeMap<>(), 0);
        Acceptor acceptor = new Acceptor(Options.defaults(1, 1), log, Ballot.ZERO, new TreeMap<>(), 0);
        assertThat(acceptor.accept(new Ballot(7, 1), 5, Value.NOOP, false, 0)).isTrue();
        assertThat(acceptor.accept(new Ballot(8, 2), 5, Value.NOOP, false, 0)).isTrue();
        assertThat(acceptor.accept(new Ballot(8, 2), 6, Value.NOOP, false, 0)).isTrue();

        assertThat(acceptor.takeNewlyAccepted()).containsExactly(
                new Ready.AcceptedValue(5, new Ballot(8, 2), Value.NOOP),
                new Ready.AcceptedValue(6, new Ballot(8, 2), Value.NOOP));
        assertThat(acceptor.takeNewlyAccepted()).isEmpty();
    }
}
