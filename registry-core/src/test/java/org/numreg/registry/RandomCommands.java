package org.numreg.registry;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberType;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;

import java.util.List;

/**
 * Random commands over a small universe (two area-code ranges, three OCNs, two blocks), so that
 * random sequences collide often: the same numbers, blocks and ids come up again and again.
 */
final class RandomCommands {

    static final List<Ocn> OCNS = List.of(Ocn.of("1510"), Ocn.of("0042"), Ocn.of("7777"));
    static final List<Prefix> PREFIXES = List.of(Prefix.of("+1312555"), Prefix.of("+131255500"),
            Prefix.of("+1312555001"), Prefix.of("+1773"));
    static final List<Block> BLOCKS = List.of(Block.of("312-555-0"), Block.of("312-555-1"));
    static final String HASH = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

    private RandomCommands() {
    }

    static Arbitrary<List<Command>> sequences(int max) {
        return command().list().ofMinSize(1).ofMaxSize(max);
    }

    static Arbitrary<Command> command() {
        Arbitrary<String> id = Arbitraries.integers().between(1, 400).map(i -> "c" + i);
        Arbitrary<Ocn> ocn = Arbitraries.of(OCNS);
        Arbitrary<E164> number = Arbitraries.integers().between(0, 40).map(i -> E164.of("+131255500" + String.format("%02d", i)));
        Arbitrary<Prefix> prefix = Arbitraries.of(PREFIXES);
        Arbitrary<Long> version = Arbitraries.longs().between(1, 6);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(id, prefix).as((i, p) -> new Command.OpenRange(i, p, 0)),
                Combinators.combine(id, prefix).as(Command.CloseRange::new),
                Combinators.combine(id, ocn).as((i, o) -> new Command.RegisterOcn(i, o, "Carrier " + o, null)),
                Combinators.combine(id, ocn).as((i, o) -> new Command.UpdateOcn(i, o, "Renamed " + o, "noc@x.example")),
                Combinators.combine(id, ocn, number).as((i, o, n) -> new Command.AllocateNumber(i, o, n, null, null)),
                Combinators.combine(id, ocn, prefix).as((i, o, p) -> new Command.AllocateNumber(i, o, null, p, null)),
                Combinators.combine(id, ocn, prefix, Arbitraries.integers().between(1, 30))
                        .as((i, o, p, c) -> new Command.AllocateNumbers(i, o, p, c, null)),
                Combinators.combine(id, ocn, Arbitraries.of(BLOCKS)).as(Command.AllocateBlock::new),
                Combinators.combine(id, ocn, number).as(Command.ReleaseNumber::new),
                Combinators.combine(id, ocn, number, Arbitraries.of(NumberType.class), version.injectNull(0.5))
                        .as((i, o, n, t, v) -> new Command.UpdateNumber(i, o, n,
                                new NumberProperties(null, null, null, t, null, null, null, null), v)),
                Combinators.combine(id, ocn, number).as((i, o, n) -> new Command.SetPin(i, o, n, HASH)),
                Combinators.combine(id, number, version, Arbitraries.of(org.numreg.registry.domain.PinChannel.class))
                        .as(Command.RecordPinFailure::new),
                Combinators.combine(id, number, ocn, version).as(Command.PortNumber::new),
                Combinators.combine(id, ocn, number, Arbitraries.of(true, false)).as(Command.SetPortProtection::new),
                Combinators.combine(id, number, ocn, version, Arbitraries.integers().between(0, 40))
                        .as((i, n, o, v, due) -> new Command.SchedulePort(i, n, o, v, java.time.Instant.ofEpochSecond(due))),
                Combinators.combine(id, number, ocn).as(Command.CancelPort::new),
                Combinators.combine(id, number, id).as(Command.CompletePort::new),
                Combinators.combine(id, Arbitraries.integers().between(1, 4))
                        .as((i, n) -> new Command.AddRegistrar(i, "r" + n, n, "https://r" + n + ".example")),
                Combinators.combine(id, Arbitraries.integers().between(1, 4)).as((i, n) -> new Command.RemoveRegistrar(i, "r" + n))));
    }
}
