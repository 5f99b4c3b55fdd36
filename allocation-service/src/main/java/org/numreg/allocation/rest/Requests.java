package org.numreg.allocation.rest;

import org.numreg.registry.domain.Block;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;

/** The bodies the allocation API takes; each value checks itself (a bad one is a 400 naming its field). */
public final class Requests {

    private Requests() {
    }

    /** Open numbers under {@code prefix} (an area code +1NPA or exchange +1NPANXX); {@code digits} 0: the plan's length. */
    public record OpenRange(Prefix prefix, int digits) {
    }

    public record RegisterOcn(Ocn ocn, String name, String contact) {
    }

    public record UpdateOcn(String name, String contact) {
    }

    /** A given {@code number}, or else the lowest free number under {@code prefix}. */
    public record Allocate(Ocn ocn, E164 number, Prefix prefix, NumberProperties properties) {
    }

    public record AllocateMany(Ocn ocn, Prefix prefix, int count, NumberProperties properties) {
    }

    public record AllocateBlock(Ocn ocn, Block block) {
    }

    /** New properties; {@code expectedVersion} (optional) makes it fail if the record moved meanwhile. */
    public record Update(Ocn ocn, NumberProperties properties, Long expectedVersion) {
    }

    public record SetPin(Ocn ocn, String pin) {
    }
}
