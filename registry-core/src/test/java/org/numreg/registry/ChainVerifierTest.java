package org.numreg.registry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.numreg.registry.codec.ChainVerifier;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.codec.LogChain;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinChannel;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.event.Applied;
import org.numreg.registry.state.InMemoryRegistryStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Anyone holding the feed recomputes the hash chain from the events alone (public form
 * included), and a changed, dropped, added or reordered event breaks it at its position.
 */
class ChainVerifierTest {

    private final List<byte[]> feed = new ArrayList<>();
    private String head;

    /** Positions 1–9: range, OCNs, a bulk allocation of 3 (position 4: three events), a PIN, ports. */
    @BeforeEach
    void publishALog() {
        E164 number = E164.of("+13125550000");
        List<Command> log = List.of(
                new Command.OpenRange("c1", Prefix.of("+1312555"), 0),
                new Command.RegisterOcn("c2", Ocn.of("1510"), "Alice Telecom", null),
                new Command.RegisterOcn("c3", Ocn.of("0042"), "Bob Mobile", null),
                new Command.AllocateNumbers("c4", Ocn.of("1510"), Prefix.of("+1312555"), 3, null),
                new Command.SetPin("c5", Ocn.of("1510"), number, RandomCommands.HASH),
                new Command.RecordPinFailure("c6", number, 2, PinChannel.LOOKUP),
                new Command.PortNumber("c7", number, Ocn.of("0042"), 2),
                new Command.PortNumber("c8", number, Ocn.of("0042"), 2),
                new Command.ReleaseNumber("c9", Ocn.of("0042"), number));
        byte[] hash = LogChain.GENESIS;
        for (Applied applied : StateMachinePropertiesTest.replay(log, new InMemoryRegistryStore())) {
            LogChain.Link link = LogChain.link(hash, applied, null);
            feed.addAll(link.events());
            hash = link.hash();
            head = link.hashHex();
        }
        assertThat(feed).hasSize(11);
    }

    @Test
    void theWholeFeedHoldsAndEndsAtTheHeadItCarries() {
        ChainVerifier verifier = verify(feed);
        assertThat(verifier.position()).isEqualTo(9);
        assertThat(verifier.hashHex()).isEqualTo(head).isEqualTo(ChangeEvent.fromJson(feed.getLast()).hash());
    }

    @Test
    void thePublicFeedWithoutPinHashesHoldsToo() {
        List<byte[]> publicFeed = feed.stream().map(ChangeEvent::publicForm).toList();
        assertThat(publicFeed.stream().map(String::new)).anyMatch(json -> json.contains("org.numreg.pin-set.v1"))
                .noneMatch(json -> json.contains("pinHash"));
        assertThat(verify(publicFeed).hashHex()).isEqualTo(head);
    }

    @Test
    void aFeedFromASnapshotHoldsFromItsPositionAndHash() {
        ChainVerifier whole = verify(feed.subList(0, 6)); // positions 1–4 (4 has three events)
        assertThat(whole.position()).isEqualTo(4);
        ChainVerifier rest = new ChainVerifier(4, java.util.HexFormat.of().parseHex(whole.hashHex()));
        feed.subList(6, feed.size()).forEach(rest::accept);
        assertThat(rest.hashHex()).isEqualTo(head);
    }

    @Test
    void aChangedEventBreaksTheChainAtItsPosition() {
        List<byte[]> changed = new ArrayList<>(feed);
        int ported = indexOf("org.numreg.port-completed.v1");
        changed.set(ported, replace(changed.get(ported), "\"gainingOcn\":\"0042\"", "\"gainingOcn\":\"1510\""));
        assertBrokenAt(changed, ChangeEvent.fromJson(feed.get(ported)).position(), "hash to");

        List<byte[]> renamed = new ArrayList<>(feed);
        renamed.set(0, replace(renamed.get(0), "\"numregprincipal\":\"alice\"", "\"numregprincipal\":\"mallory\""));
        assertBrokenAt(renamed, 1, "hash to");
    }

    @Test
    void aDroppedEventBreaksTheChain() {
        List<byte[]> dropped = new ArrayList<>(feed);
        dropped.remove(2); // position 3
        assertBrokenAt(dropped, 3, "missing");

        List<byte[]> partOfABulk = new ArrayList<>(feed);
        partOfABulk.remove(4); // position 4, index 1 of 3
        assertBrokenAt(partOfABulk, 4, "expected event 4-1");

        assertThatThrownBy(() -> verify(feed.subList(0, 5))).isInstanceOf(ChainVerifier.Broken.class)
                .hasMessageContaining("only 2 of its 3 events");
    }

    @Test
    void reorderedOrRepeatedEventsBreakTheChain() {
        List<byte[]> swapped = new ArrayList<>(feed);
        Collections.swap(swapped, 1, 2);
        assertBrokenAt(swapped, 2, "expected its first event");

        List<byte[]> withinAPosition = new ArrayList<>(feed);
        Collections.swap(withinAPosition, 3, 4);
        assertBrokenAt(withinAPosition, 4, "expected");

        List<byte[]> repeated = new ArrayList<>(feed);
        repeated.add(2, feed.get(1));
        assertBrokenAt(repeated, 3, "repeated");
    }

    private static ChainVerifier verify(List<byte[]> events) {
        ChainVerifier verifier = new ChainVerifier();
        events.forEach(verifier::accept);
        verifier.finish();
        return verifier;
    }

    private static void assertBrokenAt(List<byte[]> events, long position, String why) {
        assertThatThrownBy(() -> verify(events)).isInstanceOf(ChainVerifier.Broken.class)
                .hasMessageContaining(why)
                .satisfies(e -> assertThat(((ChainVerifier.Broken) e).position()).isEqualTo(position));
    }

    private int indexOf(String type) {
        for (int i = 0; i < feed.size(); i++) {
            if (new String(feed.get(i), StandardCharsets.UTF_8).contains(type)) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " in the feed");
    }

    private static byte[] replace(byte[] event, String from, String to) {
        String json = new String(event, StandardCharsets.UTF_8);
        assertThat(json).contains(from);
        return json.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }
}
