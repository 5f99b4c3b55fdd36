package org.numreg.registry.domain;

import java.time.Instant;

/**
 * An allocated number: who holds it and what is known about it. A number without a record is
 * free (when a range is open for it). {@code version} grows with every change a PIN check or a
 * port must not miss (the holder, the properties, the PIN, the port protection), so a service
 * that checked something at one version can ask for a change only if nothing moved meanwhile.
 * Wrong PINs do not move it: else anyone presenting wrong PINs could make rightful ports fail.
 *
 * @param pinHash            a salted slow hash (Argon2id or bcrypt) of the consumer's PIN, never the PIN
 * @param portPinFailures    wrong PINs presented to port the number, and the back-off they earned
 * @param lookupPinFailures  wrong PINs presented to read its private fields, and their back-off
 * @param portProtected      its OCN locked it against ports
 */
public record NumberRecord(E164 number, Ocn ocn, NumberProperties properties, String pinHash,
                           PinFailures portPinFailures, PinFailures lookupPinFailures, boolean portProtected,
                           long version, Instant allocatedAt, Instant updatedAt) {

    public static NumberRecord allocated(E164 number, Ocn ocn, NumberProperties properties, Instant at) {
        return new NumberRecord(number, ocn, properties == null ? NumberProperties.NONE : properties, null,
                PinFailures.NONE, PinFailures.NONE, false, 1, at, at);
    }

    public PinFailures pinFailures(PinChannel channel) {
        return channel == PinChannel.PORT ? portPinFailures : lookupPinFailures;
    }

    public NumberRecord withProperties(NumberProperties next, Instant at) {
        return new NumberRecord(number, ocn, next, pinHash, portPinFailures, lookupPinFailures, portProtected,
                version + 1, allocatedAt, at);
    }

    /** A new PIN: no wrong PIN counts against it. */
    public NumberRecord withPin(String hash, Instant at) {
        return new NumberRecord(number, ocn, properties, hash, PinFailures.NONE, PinFailures.NONE, portProtected,
                version + 1, allocatedAt, at);
    }

    /** One more wrong PIN through {@code channel}; the version stays (see the class comment). */
    public NumberRecord withPinFailure(PinChannel channel, PinFailures.PinBackoff backoff, Instant at) {
        PinFailures port = channel == PinChannel.PORT ? portPinFailures.plusOne(backoff, at) : portPinFailures;
        PinFailures lookup = channel == PinChannel.LOOKUP ? lookupPinFailures.plusOne(backoff, at) : lookupPinFailures;
        return new NumberRecord(number, ocn, properties, pinHash, port, lookup, portProtected, version, allocatedAt, at);
    }

    public NumberRecord withPortProtection(boolean locked, Instant at) {
        return new NumberRecord(number, ocn, properties, pinHash, portPinFailures, lookupPinFailures, locked,
                version + 1, allocatedAt, at);
    }

    /** After a port: the gaining OCN holds it; the consumer's PIN and the old OCN's lock do not carry over. */
    public NumberRecord portedTo(Ocn gaining, Instant at) {
        return new NumberRecord(number, gaining, properties, null, PinFailures.NONE, PinFailures.NONE, false,
                version + 1, allocatedAt, at);
    }
}
