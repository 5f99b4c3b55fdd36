package org.numreg.registry;

import org.junit.jupiter.api.Test;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.Location;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.domain.Routing;

import java.nio.charset.StandardCharsets;

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

    @Test
    void textTheLogCannotCarryEverywhereIsRefusedWhereItIsRead() {
        // Each of these would be committed and then fail to apply (PostgreSQL refuses NUL and lone
        // surrogates, in text and jsonb), on every registrar: they must be refused as input.
        String nul = "Lakeside\u0000Telephone";
        String loneSurrogate = "Lakeside \uD800";
        String noncharacter = "Lakeside \uFFFF";
        for (String name : new String[] {nul, loneSurrogate, noncharacter}) {
            assertThatThrownBy(() -> RegistryJson.readCommand(("{\"type\":\"register-ocn\",\"id\":\"c1\",\"ocn\":\"1510\","
                    + "\"name\":" + json(name) + "}").getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("name");
        }
        assertThatThrownBy(() -> new Command.UpdateOcn("c2", Ocn.of("1510"), "Lakeside", "noc\u0007@lakeside.example"))
                .extracting("field").isEqualTo("contact");
        assertThatThrownBy(() -> new Routing("sip:+1312\u0000@sbc.example", null)).extracting("field")
                .isEqualTo("routing.sipUri");
        assertThatThrownBy(() -> new NumberProperties(null, null, null, null, null, null, null,
                "https://ca.example/\uDC00.pem")).extracting("field").isEqualTo("stirShakenCertificate");
        assertThatThrownBy(() -> new Principal("sub", "eve\u202E\u0000")).extracting("field").isEqualTo("principal.name");
        // Real names in any script, and emoji (surrogate pairs), are fine.
        assertThat(new Command.RegisterOcn("c3", Ocn.of("1510"), "Télécom Lakeside 湖畔 \uD83D\uDCDE", null).name())
                .endsWith("\uD83D\uDCDE");
    }

    @Test
    void valuesOfTheWrongJsonTypeAreRefusedNotConverted() {
        String[][] cases = {
                {"{\"type\":\"register-ocn\",\"id\":\"c1\",\"ocn\":1510,\"name\":\"X\"}", "ocn"},
                {"{\"type\":\"register-ocn\",\"id\":\"c1\",\"ocn\":\"1510\",\"name\":true}", "name"},
                {"{\"type\":\"open-range\",\"id\":\"c2\",\"prefix\":\"+1312\",\"digits\":\"11\"}", "digits"},
                {"{\"type\":\"open-range\",\"id\":\"c2\",\"prefix\":\"+1312\",\"digits\":10.5}", "digits"},
                {"{\"type\":\"open-range\",\"id\":\"c2\",\"prefix\":\"+1312\",\"digits\":99999999999}", "digits"},
                {"{\"type\":\"allocate-number\",\"id\":\"c3\",\"ocn\":\"1510\",\"prefix\":\"+1312\","
                        + "\"properties\":{\"type\":2}}", "properties.type"},
        };
        for (String[] bad : cases) {
            assertThatThrownBy(() -> RegistryJson.readCommand(bad[0].getBytes(StandardCharsets.UTF_8))).as(bad[0])
                    .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo(bad[1]);
        }
    }

    private static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.chars().forEach(c -> quoted.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return quoted.append('"').toString();
    }
}
