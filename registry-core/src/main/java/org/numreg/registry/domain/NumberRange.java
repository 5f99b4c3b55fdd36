package org.numreg.registry.domain;

/** A range open for allocation: numbers of {@code digits} digits under {@code prefix}. */
public record NumberRange(Prefix prefix, int digits) {

    public NumberRange {
        if (digits < 8 || digits > 15 || digits < prefix.length()) {
            throw new InvalidValueException("digits", "numbers have 8 to 15 digits, at least the prefix's: " + digits);
        }
    }

    /** North American numbers have 11 digits (+1 and ten). */
    public static int defaultDigits(Prefix prefix) {
        return prefix.value().startsWith("+1") ? 11 : 0;
    }

    public boolean contains(E164 number) {
        return number.digits() == digits && number.startsWith(prefix);
    }

    public long firstKey() {
        return prefix.lowestKey(digits);
    }

    public long lastKey() {
        return prefix.highestKey(digits);
    }
}
