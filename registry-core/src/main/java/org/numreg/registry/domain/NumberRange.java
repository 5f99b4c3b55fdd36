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

    /** How many numbers the range has (North American area codes and exchanges start with 2 to 9). */
    public long size() {
        if (!Nanp.isNanpKey(firstKey())) {
            return lastKey() - firstKey() + 1;
        }
        // Validity depends on the area code and exchange only: whole runs of 10,000 lines share it.
        long count = 0;
        long key = Nanp.nextValidKey(firstKey());
        while (key <= lastKey()) {
            long runEnd = Math.min(lastKey(), key - key % 10_000 + 9_999);
            count += runEnd - key + 1;
            if (runEnd == lastKey()) {
                break;
            }
            key = Nanp.nextValidKey(runEnd + 1);
        }
        return count;
    }
}
