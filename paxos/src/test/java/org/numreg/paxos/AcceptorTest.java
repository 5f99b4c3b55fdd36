package org.numreg.paxos;

import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What an acceptor hands its caller to persist. */
class AcceptorTest {

    @Test
    void aSlotAcceptedTwiceBeforeItIsPersistedIsPersistedOnceWithTheLaterBallot() {
        Acceptor acceptor = new Acceptor(20, Ballot.ZERO, new TreeMap<>(), 0);
        assertThat(acceptor.accept(new Ballot(7, 1), 5, Value.NOOP, false, 0)).isTrue();
        assertThat(acceptor.accept(new Ballot(8, 2), 5, Value.NOOP, false, 0)).isTrue();
        assertThat(acceptor.accept(new Ballot(8, 2), 6, Value.NOOP, false, 0)).isTrue();

        assertThat(acceptor.takeNewlyAccepted()).containsExactly(
                new Ready.AcceptedValue(5, new Ballot(8, 2), Value.NOOP),
                new Ready.AcceptedValue(6, new Ballot(8, 2), Value.NOOP));
        assertThat(acceptor.takeNewlyAccepted()).isEmpty();
    }
}
