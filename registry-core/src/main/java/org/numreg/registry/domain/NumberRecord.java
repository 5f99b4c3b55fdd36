package org.numreg.registry.domain;

import java.time.Instant;

/**
 * An allocated number: who holds it and what is known about it. A number without a record is
 * free (when a range is open for it). {@code version} grows with every change, so a service that
 * checked something at one version can ask for a change only if nothing moved meanwhile.
 *
 * @param pinHash       a salted slow hash (Argon2id or bcrypt) of the consumer's PIN, never the PIN
 * @param pinFailures   wrong PINs presented since the PIN was last set
 * @param pinLocked     too many wrong PINs: no port until the OCN sets the PIN again
 * @param portProtected its OCN locked it against ports
 */
public record NumberRecord(E164 number, Ocn ocn, NumberProperties properties, String pinHash, int pinFailures,
                           boolean pinLocked, boolean portProtected, long version, Instant allocatedAt,
                           Instant updatedAt) {

    public static NumberRecord allocated(E164 number, Ocn ocn, NumberProperties properties, Instant at) {
        return new NumberRecord(number, ocn, properties == null ? NumberProperties.NONE : properties, null, 0,
                false, false, 1, at, at);
    }

    public NumberRecord withProperties(NumberProperties next, Instant at) {
        return new NumberRecord(number, ocn, next, pinHash, pinFailures, pinLocked, portProtected, version + 1,
                allocatedAt, at);
    }

    public NumberRecord withPin(String hash, Instant at) {
        return new NumberRecord(number, ocn, properties, hash, 0, false, portProtected, version + 1, allocatedAt, at);
    }

    public NumberRecord withPinFailure(int maxFailures, Instant at) {
        int failures = pinFailures + 1;
        return new NumberRecord(number, ocn, properties, pinHash, failures, failures >= maxFailures, portProtected,
                version + 1, allocatedAt, at);
    }

    public NumberRecord withPortProtection(boolean locked, Instant at) {
        return new NumberRecord(number, ocn, properties, pinHash, pinFailures, pinLocked, locked, version + 1,
                allocatedAt, at);
    }

    /** After a port: the gaining OCN holds it; the consumer's PIN and the old OCN's lock do not carry over. */
    public NumberRecord portedTo(Ocn gaining, Instant at) {
        return new NumberRecord(number, gaining, properties, null, 0, false, false, version + 1, allocatedAt, at);
    }
}
