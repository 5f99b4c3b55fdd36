package org.numreg.client;

import org.junit.jupiter.api.Test;
import org.numreg.client.pin.Pins;
import org.numreg.registry.domain.InvalidValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PinsTest {

    private final Pins pins = new Pins(4);

    @Test
    void aPinMatchesItsOwnHashOnly() {
        String hash = pins.hash("482913");
        assertThat(hash).startsWith("$2b$").doesNotContain("482913");
        assertThat(pins.matches("482913", hash)).isTrue();
        assertThat(pins.matches("482914", hash)).isFalse();
        assertThat(pins.matches("", hash)).isFalse();
        assertThat(pins.matches("482913", null)).isFalse();
    }

    @Test
    void theSamePinHashesDifferentlyEachTime() {
        assertThat(pins.hash("123456")).isNotEqualTo(pins.hash("123456"));
    }

    @Test
    void onlySixToTwelveDigitsAreAPin() {
        assertThatThrownBy(() -> pins.hash("12345")).as("too few to outlast guessing")
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> pins.hash("12a4")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> pins.hash("1234567890123")).isInstanceOf(InvalidValueException.class);
    }
}
