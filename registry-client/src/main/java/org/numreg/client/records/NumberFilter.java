package org.numreg.client.records;

import org.numreg.registry.domain.NumberType;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.ServiceIndicator;

import java.util.Optional;

/** What a number search asks for; every part optional. */
public record NumberFilter(Prefix prefix, Optional<Ocn> ocn, String zip, NumberType type,
                           ServiceIndicator serviceIndicator) {

    public static NumberFilter ofOcn(Ocn ocn) {
        return new NumberFilter(null, Optional.of(ocn), null, null, null);
    }
}
