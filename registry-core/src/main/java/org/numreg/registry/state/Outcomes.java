package org.numreg.registry.state;

import org.numreg.registry.event.Outcome;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;

import java.util.List;
import java.util.function.Function;

/** The outcomes the registry's rules share. */
final class Outcomes {

    private Outcomes() {
    }

    static Outcome accept(Event event) {
        return new Outcome.Accepted(List.of(event));
    }

    static Outcome reject(Rejection reason, String detail) {
        return new Outcome.Rejected(reason, detail);
    }

    static Outcome unknownOcn(Ocn ocn) {
        return reject(Rejection.UNKNOWN_OCN, "OCN " + ocn + " is not registered");
    }

    static Outcome versionMoved(NumberRecord record, long expected) {
        return reject(Rejection.VERSION_MOVED, record.number() + " is at version " + record.version()
                + ", not " + expected);
    }

    static Outcome withNumber(RegistryStore store, E164 number, Function<NumberRecord, Outcome> change) {
        return store.number(number).map(change)
                .orElseGet(() -> reject(Rejection.UNKNOWN_NUMBER, number + " is not allocated"));
    }

    static Outcome withHeldNumber(RegistryStore store, Ocn ocn, E164 number, Function<NumberRecord, Outcome> change) {
        return withNumber(store, number, record -> record.ocn().equals(ocn) ? change.apply(record)
                : reject(Rejection.NOT_HOLDER, number + " is held by " + record.ocn() + ", not " + ocn));
    }
}
