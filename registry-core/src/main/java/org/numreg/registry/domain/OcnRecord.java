package org.numreg.registry.domain;

/** A carrier known to the registry. */
public record OcnRecord(Ocn ocn, String name, String contact) {

    public OcnRecord {
        Text.required("name", name, 200);
        Text.check("contact", contact, 200);
    }
}
