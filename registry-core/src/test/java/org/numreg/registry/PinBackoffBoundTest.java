package org.numreg.registry;

import org.junit.jupiter.api.Test;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.domain.PinFailures.PinBackoff;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound docs/architecture.md states for guessing a PIN: an attacker who presents a wrong PIN
 * through one channel whenever it is open, across all registrars, with the default back-off.
 */
class PinBackoffBoundTest {

    @Test
    void aGuesserGetsAtMost35TriesInAnyDayAnd5ADayAfterTheFirstTwo() {
        List<Instant> tries = guessEverySecondTheChannelIsOpen(Duration.ofDays(30));
        Duration day = Duration.ofDays(1);
        int most = 0;
        for (int i = 0; i < tries.size(); i++) {
            Instant end = tries.get(i).plus(day);
            int j = i;
            while (j < tries.size() && tries.get(j).isBefore(end)) {
                j++;
            }
            most = Math.max(most, j - i);
        }
        assertThat(most).isEqualTo(35);
        long afterTwoDays = tries.stream().filter(t -> !t.isBefore(Instant.EPOCH.plus(Duration.ofDays(2)))).count();
        assertThat(afterTwoDays).as("tries in days 3 to 30").isLessThanOrEqualTo(5 * 28);
        // Both channels: at most 70 a day, 10 a day later; a six-digit PIN outlasts that for decades.
        assertThat(2 * tries.size()).as("tries in 30 days, both channels").isLessThan(400);
    }

    private static List<Instant> guessEverySecondTheChannelIsOpen(Duration during) {
        PinBackoff backoff = PinBackoff.DEFAULT;
        PinFailures failures = PinFailures.NONE;
        List<Instant> tries = new ArrayList<>();
        Instant end = Instant.EPOCH.plus(during);
        for (Instant now = Instant.EPOCH; now.isBefore(end); now = now.plusSeconds(1)) {
            if (failures.lockedAt(now)) {
                now = failures.lockedUntil().minusSeconds(1);
                continue;
            }
            failures = failures.plusOne(backoff, now);
            tries.add(now);
        }
        return tries;
    }
}
