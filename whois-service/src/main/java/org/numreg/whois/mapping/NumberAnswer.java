package org.numreg.whois.mapping;

import org.numreg.client.records.StoredNumber;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.domain.NumberType;

import java.time.Instant;

/**
 * A number as whois shows it. Everyone sees the public fields (number, OCN, carrier, type, and
 * the log position of its last change); the number's OCN admins, system admins and the PIN
 * holder see all ({@code full}).
 *
 * @param lastChangePosition the log position that last changed the record: the answer is the
 *                           number as it stood from there until at least the {@code Numreg-Position}
 *                           of the response (which may be lower: it is read first)
 */
public record NumberAnswer(String number, String ocn, String carrierName, NumberType type, long lastChangePosition,
                           Boolean full,
                           NumberProperties properties, Boolean pinSet, PinFailures portPinFailures,
                           PinFailures lookupPinFailures,
                           Boolean portProtected, Long version, Instant allocatedAt, Instant updatedAt) {

    public static NumberAnswer publicFields(StoredNumber stored) {
        NumberRecord r = stored.record();
        return new NumberAnswer(r.number().value(), r.ocn().value(), stored.carrierName(), r.properties().type(),
                stored.position(), false, null, null, null, null, null, null, null, null);
    }

    public static NumberAnswer allFields(StoredNumber stored) {
        NumberRecord r = stored.record();
        return new NumberAnswer(r.number().value(), r.ocn().value(), stored.carrierName(), r.properties().type(),
                stored.position(), true, r.properties(), r.pinHash() != null, r.portPinFailures(), r.lookupPinFailures(), r.portProtected(),
                r.version(), r.allocatedAt(), r.updatedAt());
    }
}
