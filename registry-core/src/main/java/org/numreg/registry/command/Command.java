package org.numreg.registry.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinChannel;
import org.numreg.registry.domain.Prefix;

import java.util.regex.Pattern;

/**
 * A change to the registry, as it goes into the log. Every command has an id chosen by whoever
 * submits it: the same id submitted twice is decided (and answered) once.
 *
 * <p>Commands name the OCN they act for; the services check that their caller administers it
 * (design §6), and the state machine that the number belongs to it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(Command.OpenRange.class),
        @JsonSubTypes.Type(Command.CloseRange.class),
        @JsonSubTypes.Type(Command.RegisterOcn.class),
        @JsonSubTypes.Type(Command.UpdateOcn.class),
        @JsonSubTypes.Type(Command.AllocateNumber.class),
        @JsonSubTypes.Type(Command.AllocateNumbers.class),
        @JsonSubTypes.Type(Command.AllocateBlock.class),
        @JsonSubTypes.Type(Command.ReleaseNumber.class),
        @JsonSubTypes.Type(Command.UpdateNumber.class),
        @JsonSubTypes.Type(Command.SetPin.class),
        @JsonSubTypes.Type(Command.RecordPinFailure.class),
        @JsonSubTypes.Type(Command.PortNumber.class),
        @JsonSubTypes.Type(Command.SetPortProtection.class),
        @JsonSubTypes.Type(Command.SchedulePort.class),
        @JsonSubTypes.Type(Command.CancelPort.class),
        @JsonSubTypes.Type(Command.CompletePort.class),
        @JsonSubTypes.Type(Command.AddRegistrar.class),
        @JsonSubTypes.Type(Command.RemoveRegistrar.class),
})
public sealed interface Command {

    /** The submitter's id for this command (1 to 100 of letters, digits, '-', '_', '.', ':'). */
    String id();

    Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    /** A PHC or modular-crypt string: printable ASCII only. */
    Pattern PIN_HASH = Pattern.compile("\\$[!-~]{19,299}");

    static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidValueException("id", "a command id is 1 to 100 letters, digits, '.', '_', ':' or '-': " + id);
        }
        return id;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        return value;
    }

    /** A system admin opens numbers of {@code digits} digits under {@code prefix} for allocation. */
    @JsonTypeName("open-range")
    record OpenRange(String id, Prefix prefix, int digits) implements Command {
        /** {@code digits} 0 means the default of the prefix's plan: 11 for +1 (North America). */
        public OpenRange {
            checkId(id);
            required("prefix", prefix);
            if (digits == 0) {
                digits = org.numreg.registry.domain.NumberRange.defaultDigits(prefix);
            }
            new org.numreg.registry.domain.NumberRange(prefix, digits);
        }
    }

    /** No more allocations under the prefix; numbers already allocated stay. */
    @JsonTypeName("close-range")
    record CloseRange(String id, Prefix prefix) implements Command {
        public CloseRange {
            checkId(id);
            required("prefix", prefix);
        }
    }

    @JsonTypeName("register-ocn")
    record RegisterOcn(String id, Ocn ocn, String name, String contact) implements Command {
        public RegisterOcn {
            checkId(id);
            required("ocn", ocn);
            // What the state machine will make of it: refused here, it can never fail an apply.
            new org.numreg.registry.domain.OcnRecord(ocn, name, contact);
        }
    }

    @JsonTypeName("update-ocn")
    record UpdateOcn(String id, Ocn ocn, String name, String contact) implements Command {
        public UpdateOcn {
            checkId(id);
            required("ocn", ocn);
            // What the state machine will make of it: refused here, it can never fail an apply.
            new org.numreg.registry.domain.OcnRecord(ocn, name, contact);
        }
    }

    /** Allocates {@code number}, or else the lowest free number under {@code prefix}, to {@code ocn}. */
    @JsonTypeName("allocate-number")
    record AllocateNumber(String id, Ocn ocn, E164 number, Prefix prefix, NumberProperties properties)
            implements Command {
        public AllocateNumber {
            checkId(id);
            required("ocn", ocn);
            if ((number == null) == (prefix == null)) {
                throw new InvalidValueException("number", "give either a number or a prefix to allocate under");
            }
        }
    }

    /** Allocates the {@code count} lowest free numbers under {@code prefix} to {@code ocn}: all or none. */
    @JsonTypeName("allocate-numbers")
    record AllocateNumbers(String id, Ocn ocn, Prefix prefix, int count, NumberProperties properties)
            implements Command {
        public static final int MAX = 10_000;

        public AllocateNumbers {
            checkId(id);
            required("ocn", ocn);
            required("prefix", prefix);
            if (count < 1 || count > MAX) {
                throw new InvalidValueException("count", "allocate 1 to " + MAX + " numbers at once: " + count);
            }
        }
    }

    /** Assigns a whole free thousands-block to {@code ocn}. */
    @JsonTypeName("allocate-block")
    record AllocateBlock(String id, Ocn ocn, Block block) implements Command {
        public AllocateBlock {
            checkId(id);
            required("ocn", ocn);
            required("block", block);
        }
    }

    /** {@code ocn} returns {@code number} to the pool. */
    @JsonTypeName("release-number")
    record ReleaseNumber(String id, Ocn ocn, E164 number) implements Command {
        public ReleaseNumber {
            checkId(id);
            required("ocn", ocn);
            required("number", number);
        }
    }

    /**
     * Replaces a number's properties.
     *
     * @param expectedVersion the record version the change was based on; null to change regardless
     */
    @JsonTypeName("update-number")
    record UpdateNumber(String id, Ocn ocn, E164 number, NumberProperties properties, Long expectedVersion)
            implements Command {
        public UpdateNumber {
            checkId(id);
            required("ocn", ocn);
            required("number", number);
            required("properties", properties);
        }
    }

    /** Sets (or resets) the consumer's PIN: only its salted slow hash travels, never the PIN. */
    @JsonTypeName("set-pin")
    record SetPin(String id, Ocn ocn, E164 number, String pinHash) implements Command {
        public SetPin {
            checkId(id);
            required("ocn", ocn);
            required("number", number);
            if (pinHash == null || !PIN_HASH.matcher(pinHash).matches()) {
                throw new InvalidValueException("pinHash", "a PIN hash is a PHC/modular-crypt string such as $argon2id$…");
            }
        }
    }

    /**
     * A wrong PIN was presented for the number at {@code checkedVersion}, through {@code channel}
     * (entries logged before channels existed name none: they were ports').
     */
    @JsonTypeName("record-pin-failure")
    record RecordPinFailure(String id, E164 number, long checkedVersion, PinChannel channel) implements Command {
        public RecordPinFailure {
            checkId(id);
            required("number", number);
            if (channel == null) {
                channel = PinChannel.PORT;
            }
        }
    }

    /**
     * Moves the number to {@code gainingOcn}; the porting service checked the consumer's PIN
     * against the record at {@code checkedVersion}, so the port fails if the record moved since.
     */
    @JsonTypeName("port-number")
    record PortNumber(String id, E164 number, Ocn gainingOcn, long checkedVersion) implements Command {
        public PortNumber {
            checkId(id);
            required("number", number);
            required("gainingOcn", gainingOcn);
        }
    }

    /** The holding OCN locks (or unlocks) the number against ports. */
    @JsonTypeName("set-port-protection")
    record SetPortProtection(String id, Ocn ocn, E164 number, boolean protect) implements Command {
        public SetPortProtection {
            checkId(id);
            required("ocn", ocn);
            required("number", number);
        }
    }

    /**
     * Like {@link PortNumber}, but the number moves at {@code dueAt} (by {@link CompletePort}),
     * unless one of the two OCNs cancels it before.
     */
    @JsonTypeName("schedule-port")
    record SchedulePort(String id, E164 number, Ocn gainingOcn, long checkedVersion, java.time.Instant dueAt)
            implements Command {
        public SchedulePort {
            checkId(id);
            required("number", number);
            required("gainingOcn", gainingOcn);
            required("dueAt", dueAt);
        }
    }

    /** The losing or the gaining OCN ({@code ocn}) calls off the number's scheduled port. */
    @JsonTypeName("cancel-port")
    record CancelPort(String id, E164 number, Ocn ocn) implements Command {
        public CancelPort {
            checkId(id);
            required("number", number);
            required("ocn", ocn);
        }
    }

    /**
     * The scheduled port {@code portId} is due: any registrar's porting service may say so; the
     * commit time decides whether it is.
     */
    @JsonTypeName("complete-port")
    record CompletePort(String id, E164 number, String portId) implements Command {
        public CompletePort {
            checkId(id);
            required("number", number);
            required("portId", portId);
        }
    }

    @JsonTypeName("add-registrar")
    record AddRegistrar(String id, String registrar, int node, String endpoint) implements Command {
        public AddRegistrar {
            checkId(id);
            new org.numreg.registry.domain.Registrar(registrar, node, endpoint);
        }
    }

    @JsonTypeName("remove-registrar")
    record RemoveRegistrar(String id, String registrar) implements Command {
        public RemoveRegistrar {
            checkId(id);
            required("registrar", registrar);
        }
    }
}
