package org.numreg.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.PinChannel;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Location;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberType;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Routing;
import org.numreg.registry.domain.ServiceIndicator;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;
import org.numreg.registry.event.Applied;
import org.numreg.registry.state.InMemoryRegistryStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published schema (schemas/numreg-change-event.schema.json) describes every event exactly
 * as numreg writes it, and the JSON reads back to the same event.
 */
class ChangeEventSchemaTest {

    private static final Schema SCHEMA = load();
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Provide
    Arbitrary<List<Command>> sequences() {
        return RandomCommands.sequences(60);
    }

    @Property(tries = 100)
    void everyEventOfARandomLogIsValidAndReadsBack(@ForAll("sequences") List<Command> log) {
        for (Applied applied : StateMachinePropertiesTest.replay(log, new InMemoryRegistryStore())) {
            // Submitted in a trace: the event carries it (and reads back with it).
            checkAll(ChangeEvent.of(applied, HASH, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        }
    }

    @Test
    void everyKindOfEventIsValid() {
        Ocn alice = Ocn.of("1510");
        Ocn bob = Ocn.of("0042");
        E164 number = E164.of("+13125550100");
        NumberProperties all = new NumberProperties("ALICE", "Carol Smith", new Location("1 Main St, Chicago", "60601"),
                NumberType.MOBILE, ServiceIndicator.PRIVATE, org.numreg.registry.domain.CollectCalls.DENY,
                new Routing("sip:+13125550100@sbc.alice.example", "3125550000"), "https://certs.alice.example/sti.pem");
        List<Command> log = List.of(
                new Command.OpenRange("c1", Prefix.of("+1312"), 0),
                new Command.RegisterOcn("c2", alice, "Alice Telecom", "noc@alice.example"),
                new Command.RegisterOcn("c3", bob, "Bob Mobile", null),
                new Command.UpdateOcn("c4", bob, "Bob Mobile Inc", "noc@bob.example"),
                new Command.AllocateNumber("c5", alice, number, null, all),
                new Command.UpdateNumber("c6", alice, number, all, 1L),
                new Command.SetPin("c7", alice, number, RandomCommands.HASH),
                new Command.RecordPinFailure("c8", number, 3, PinChannel.LOOKUP),
                new Command.SetPortProtection("c9", alice, number, false),
                new Command.PortNumber("c10", number, bob, 4),
                new Command.SetPin("c18", bob, number, RandomCommands.HASH),
                new Command.SchedulePort("c19", number, alice, 6, java.time.Instant.ofEpochSecond(1000)),
                new Command.CancelPort("c20", number, bob),
                new Command.AllocateBlock("c11", bob, Block.of("312-555-9")),
                new Command.ReleaseNumber("c12", bob, number),
                new Command.AddRegistrar("c13", "r1", 1, "https://r1.example:8101"),
                new Command.AddRegistrar("c14", "r2", 2, "https://r2.example:8201"),
                new Command.RemoveRegistrar("c15", "r2"),
                new Command.CloseRange("c16", Prefix.of("+1312")),
                new Command.CloseRange("c17", Prefix.of("+1312")),
                new Command.CloseRange("c16", Prefix.of("+1312")));
        Set<String> seen = new TreeSet<>();
        for (Applied applied : StateMachinePropertiesTest.replay(log, new InMemoryRegistryStore())) {
            for (ChangeEvent event : ChangeEvent.of(applied, HASH, null)) {
                seen.add(event.data().typeName());
            }
            checkAll(ChangeEvent.of(applied, HASH, null));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(schemaTypes());
    }

    @Test
    void schemaNamesEveryEventTypeAndRejectionReason() throws IOException {
        Set<String> eventNames = Arrays.stream(Event.class.getPermittedSubclasses())
                .map(c -> c.getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class).value())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(schemaTypes()).isEqualTo(eventNames);
        JsonNode reasons = schemaJson().at("/$defs/CommandRejected/properties/reason/enum");
        List<String> names = new ArrayList<>();
        reasons.forEach(r -> names.add(r.asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(Arrays.stream(Rejection.values()).map(Enum::name).toList());
    }

    private static void checkAll(List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            byte[] json = event.toJson();
            JsonNode node = readTree(json);
            assertThat(SCHEMA.validate(node)).as(new String(json)).isEmpty();
            assertThat(ChangeEvent.fromJson(json)).isEqualTo(event);
            // Byte for byte: a read model that archives an event read back (sync) serves what was published.
            assertThat(new String(ChangeEvent.fromJson(json).toJson())).isEqualTo(new String(json));
        }
    }

    private static Set<String> schemaTypes() {
        Set<String> types = new TreeSet<>();
        schemaJson().at("/properties/type/enum").forEach(t -> types.add(
                t.asText().replaceFirst("^org\\.numreg\\.", "").replaceFirst("\\.v1$", "")));
        return types;
    }

    private static JsonNode schemaJson() {
        try (InputStream in = resource()) {
            return RegistryJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema load() {
        try (InputStream in = resource()) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource() {
        return ChangeEventSchemaTest.class.getResourceAsStream("/schemas/numreg-change-event.schema.json");
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return RegistryJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
