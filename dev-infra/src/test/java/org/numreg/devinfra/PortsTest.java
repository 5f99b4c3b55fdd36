package org.numreg.devinfra;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    /** A service given the same port for http and its peer link fails to start (CI, 2026-11-23). */
    @Test
    void freePortsAreNeverHandedOutTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            assertThat(ports.add(Ports.free())).as("port handed out twice").isTrue();
        }
    }

    /** An outgoing connection's local port comes from the ephemeral range; ours must not. */
    @Test
    void freePortsLieOutsideTheEphemeralRange() {
        for (int i = 0; i < 50; i++) {
            assertThat(Ports.free()).isBetween(Ports.LOWEST, Ports.highestBelowEphemeral() - 1);
        }
    }
}
