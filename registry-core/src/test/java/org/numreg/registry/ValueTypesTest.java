package org.numreg.registry;

import org.junit.jupiter.api.Test;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.Location;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypesTest {

    @Test
    void e164AcceptsPlusAndEightToFifteenDigits() {
        assertThat(E164.of("+13125550100").key()).isEqualTo(13125550100L);
        assertThat(E164.of("+4930123456").digits()).isEqualTo(10);
        assertThat(E164.of("+123456789012345").digits()).isEqualTo(15);
        for (String bad : new String[] {"13125550100", "+1312555010a", "+1234567", "+1234567890123456", "+0312555010",
                " +13125550100", ""}) {
            assertThatThrownBy(() -> E164.of(bad)).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("E.164").extracting("field").isEqualTo("number");
        }
    }

    @Test
    void nanpHelpersNameAreaCodeExchangeAndThousandsBlock() {
        E164 number = E164.of("+13125550147");
        assertThat(number.isNanp()).isTrue();
        assertThat(number.npa()).isEqualTo("312");
        assertThat(number.nxx()).isEqualTo("555");
        assertThat(number.block()).isEqualTo(Block.of("312-555-0"));
        assertThat(number.block().firstKey()).isEqualTo(13125550000L);
        assertThat(number.block().lastKey()).isEqualTo(13125550999L);
        assertThatThrownBy(() -> E164.of("+4930123456").npa()).hasMessageContaining("not a North American");
        assertThatThrownBy(() -> E164.of("+13121550100")).hasMessageContaining("start with 2 to 9");
        assertThatThrownBy(() -> E164.of("+11125550100")).hasMessageContaining("start with 2 to 9");
    }

    @Test
    void blocksPrefixesAndOcnsAreChecked() {
        assertThatThrownBy(() -> Block.of("112-555-0")).hasMessageContaining("thousands-block");
        assertThatThrownBy(() -> Block.of("312-155-0")).hasMessageContaining("thousands-block");
        assertThat(Prefix.of("+1312").lowestKey(11)).isEqualTo(13120000000L);
        assertThat(Prefix.of("+1312").highestKey(11)).isEqualTo(13129999999L);
        assertThat(Prefix.of("+1").covers(Prefix.of("+1312"))).isTrue();
        assertThat(Ocn.of("abc1").value()).isEqualTo("ABC1");
        assertThatThrownBy(() -> Ocn.of("15100")).hasMessageContaining("4 letters or digits");
        assertThatThrownBy(() -> Ocn.of("15-0")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void numberPropertiesAreChecked() {
        assertThatThrownBy(() -> new NumberProperties("A CNAM LONGER THAN 15", null, null, null, null, null, null, null))
                .extracting("field").isEqualTo("cnam");
        assertThatThrownBy(() -> new Routing("http://x", null)).extracting("field").isEqualTo("routing.sipUri");
        assertThatThrownBy(() -> new Routing(null, "1312555010")).extracting("field").isEqualTo("routing.lrn");
        assertThatThrownBy(() -> new Location("1 Main St", "!!")).extracting("field").isEqualTo("location.zip");
        assertThatThrownBy(() -> new NumberProperties(null, null, null, null, null, null, null, "http://ca.example/c.pem"))
                .extracting("field").isEqualTo("stirShakenCertificate");
        assertThat(new Routing("sip:+13125550100@sbc.example.net", "3125550000").lrn()).isEqualTo("3125550000");
    }
}
