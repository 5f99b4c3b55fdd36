package org.numreg.registry.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;

/**
 * What a command changed — the data of one CloudEvent on numreg.changes (design §5). Its CloudEvent
 * type is {@code org.numreg.<name>.v1}; its subject the number, block, prefix, OCN or registrar.
 * Schemas: registry-core/src/main/resources/schemas/.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
        @JsonSubTypes.Type(Event.RangeOpened.class),
        @JsonSubTypes.Type(Event.RangeClosed.class),
        @JsonSubTypes.Type(Event.OcnRegistered.class),
        @JsonSubTypes.Type(Event.OcnUpdated.class),
        @JsonSubTypes.Type(Event.NumberAllocated.class),
        @JsonSubTypes.Type(Event.NumberUpdated.class),
        @JsonSubTypes.Type(Event.NumberReleased.class),
        @JsonSubTypes.Type(Event.BlockAllocated.class),
        @JsonSubTypes.Type(Event.PinSet.class),
        @JsonSubTypes.Type(Event.PinFailureRecorded.class),
        @JsonSubTypes.Type(Event.PortCompleted.class),
        @JsonSubTypes.Type(Event.PortProtectionSet.class),
        @JsonSubTypes.Type(Event.PortScheduled.class),
        @JsonSubTypes.Type(Event.PortCancelled.class),
        @JsonSubTypes.Type(Event.RegistrarAdded.class),
        @JsonSubTypes.Type(Event.RegistrarRemoved.class),
        @JsonSubTypes.Type(Event.CommandRejected.class),
        @JsonSubTypes.Type(Event.CommandRepeated.class),
})
public sealed interface Event {

    /**
     * What the event is about: a number, block, prefix, OCN or registrar id; null when it is
     * what the command was about (a rejection, a repeat).
     */
    @JsonIgnore
    String subject();

    /** The short name, as in the CloudEvent type org.numreg.&lt;typeName&gt;.v1. */
    @JsonIgnore
    default String typeName() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    @JsonTypeName("range-opened")
    record RangeOpened(Prefix prefix, int digits) implements Event {
        public String subject() {
            return prefix.value();
        }
    }

    @JsonTypeName("range-closed")
    record RangeClosed(Prefix prefix) implements Event {
        public String subject() {
            return prefix.value();
        }
    }

    @JsonTypeName("ocn-registered")
    record OcnRegistered(Ocn ocn, String name, String contact) implements Event {
        public String subject() {
            return ocn.value();
        }
    }

    @JsonTypeName("ocn-updated")
    record OcnUpdated(Ocn ocn, String name, String contact) implements Event {
        public String subject() {
            return ocn.value();
        }
    }

    /** A number was allocated; the record as it is now (without its PIN hash). */
    @JsonTypeName("number-allocated")
    record NumberAllocated(NumberView number) implements Event {
        public String subject() {
            return number.number().value();
        }
    }

    @JsonTypeName("number-updated")
    record NumberUpdated(NumberView number) implements Event {
        public String subject() {
            return number.number().value();
        }
    }

    @JsonTypeName("number-released")
    record NumberReleased(E164 number, Ocn ocn) implements Event {
        public String subject() {
            return number.value();
        }
    }

    @JsonTypeName("block-allocated")
    record BlockAllocated(Block block, Ocn ocn) implements Event {
        public String subject() {
            return block.toString();
        }
    }

    /**
     * The PIN was set. Carries the salted slow hash, which the registrars' porting and whois
     * services need to check a PIN; the public feed for carriers strips it (sync-service).
     */
    @JsonTypeName("pin-set")
    record PinSet(E164 number, Ocn ocn, String pinHash, long version) implements Event {
        public String subject() {
            return number.value();
        }
    }

    /**
     * A wrong PIN through {@code channel}: {@code failures} so far there; the channel is closed
     * until {@code lockedUntil} when that is after the event's time.
     */
    @JsonTypeName("pin-failure-recorded")
    record PinFailureRecorded(E164 number, org.numreg.registry.domain.PinChannel channel, int failures,
                              java.time.Instant lockedUntil, long version) implements Event {
        public String subject() {
            return number.value();
        }

        /** The channel's wrong PINs as they stand after this one. */
        public org.numreg.registry.domain.PinFailures channelFailures() {
            return new org.numreg.registry.domain.PinFailures(failures, lockedUntil);
        }
    }

    /**
     * The number moved from the losing to the gaining OCN. {@code portId}: the id of the command
     * that asked for the port (port-number, or schedule-port for a scheduled one).
     */
    @JsonTypeName("port-completed")
    record PortCompleted(E164 number, Ocn losingOcn, Ocn gainingOcn, long version, String portId) implements Event {
        public String subject() {
            return number.value();
        }
    }

    @JsonTypeName("port-protection-set")
    record PortProtectionSet(E164 number, Ocn ocn, boolean portProtected, long version) implements Event {
        public String subject() {
            return number.value();
        }
    }

    /** A port was agreed (the PIN checked) and will complete at {@code dueAt}. */
    @JsonTypeName("port-scheduled")
    record PortScheduled(String portId, E164 number, Ocn losingOcn, Ocn gainingOcn, java.time.Instant dueAt)
            implements Event {
        public String subject() {
            return number.value();
        }
    }

    /** A scheduled port will not happen: why, for people. */
    @JsonTypeName("port-cancelled")
    record PortCancelled(String portId, E164 number, Ocn losingOcn, Ocn gainingOcn, String reason) implements Event {
        public String subject() {
            return number.value();
        }
    }

    @JsonTypeName("registrar-added")
    record RegistrarAdded(String registrar, int node, String endpoint) implements Event {
        public String subject() {
            return registrar;
        }
    }

    @JsonTypeName("registrar-removed")
    record RegistrarRemoved(String registrar) implements Event {
        public String subject() {
            return registrar;
        }
    }

    /** The command changed nothing: why, machine-readable, and for people. */
    @JsonTypeName("command-rejected")
    record CommandRejected(Rejection reason, String detail) implements Event {
        public String subject() {
            return null;
        }
    }

    /** The command had been decided before (same id) at {@code firstPosition}: nothing changed now. */
    @JsonTypeName("command-repeated")
    record CommandRepeated(long firstPosition) implements Event {
        public String subject() {
            return null;
        }
    }

    /** A number record as events show it: everything but the PIN hash. */
    record NumberView(E164 number, Ocn ocn, org.numreg.registry.domain.NumberProperties properties,
                      boolean pinSet, org.numreg.registry.domain.PinFailures portPinFailures,
                      org.numreg.registry.domain.PinFailures lookupPinFailures, boolean portProtected, long version,
                      java.time.Instant allocatedAt, java.time.Instant updatedAt) {
        public static NumberView of(NumberRecord record) {
            return new NumberView(record.number(), record.ocn(), record.properties(), record.pinHash() != null,
                    record.portPinFailures(), record.lookupPinFailures(), record.portProtected(), record.version(),
                    record.allocatedAt(), record.updatedAt());
        }
    }
}
