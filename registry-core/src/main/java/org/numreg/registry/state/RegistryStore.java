package org.numreg.registry.state;

import org.numreg.registry.event.Applied;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.Registrar;
import org.numreg.registry.domain.ScheduledPort;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where the registry state lives, as the state machine reads and changes it. The caller makes
 * each command's changes atomic (one transaction per position, or per batch).
 *
 * <p>Free numbers are not stored: a number is free when a range is open for it and no record holds it.
 */
public interface RegistryStore {

    Optional<NumberRecord> number(E164 number);

    void saveNumber(NumberRecord record);

    void deleteNumber(E164 number);

    /** The lowest number key in [from, to] that no record holds. */
    OptionalLong firstFree(long from, long to);

    /** Whether any record holds a number key in [from, to]. */
    boolean anyNumber(long from, long to);

    Optional<OcnRecord> ocn(Ocn ocn);

    void saveOcn(OcnRecord record);

    /** The open ranges, in order of their first number. */
    List<NumberRange> ranges();

    void saveRange(NumberRange range);

    void deleteRange(Prefix prefix);

    Optional<BlockRecord> block(Block block);

    void saveBlock(BlockRecord record);

    Optional<Registrar> registrar(String id);

    List<Registrar> registrars();

    void saveRegistrar(Registrar registrar);

    void deleteRegistrar(String id);

    /** The number's scheduled port, if it has one. */
    Optional<ScheduledPort> scheduledPort(E164 number);

    void saveScheduledPort(ScheduledPort port);

    void deleteScheduledPort(E164 number);

    /** Every allocated number, in number order (comparisons, digests, snapshots). */
    List<NumberRecord> numbers();

    /** The first application of a command id, for deduplication. */
    Optional<Applied> applied(String commandId);

    void saveApplied(Applied applied);
}
