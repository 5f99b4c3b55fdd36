package org.numreg.registry.domain;

/**
 * The North American Numbering Plan: +1, then a 3-digit area code (NPA) and a 3-digit exchange
 * (NXX) that both start with 2–9, then 4 digits.
 */
public final class Nanp {

    private static final long NANP_FIRST = 10_000_000_000L;
    private static final long NANP_LAST = 19_999_999_999L;

    private Nanp() {
    }

    /** Whether a number key (the digits of an E.164 number) is 11 digits starting with 1. */
    public static boolean isNanpKey(long key) {
        return key >= NANP_FIRST && key <= NANP_LAST;
    }

    public static boolean isValidKey(long key) {
        if (!isNanpKey(key)) {
            return true;
        }
        long npaFirst = (key / 1_000_000_000L) % 10;
        long nxxFirst = (key / 1_000_000L) % 10;
        return npaFirst >= 2 && nxxFirst >= 2;
    }

    /** The smallest key ≥ {@code key} that is a valid number (the key itself outside the plan). */
    public static long nextValidKey(long key) {
        if (isValidKey(key)) {
            return key;
        }
        long npaFirst = (key / 1_000_000_000L) % 10;
        if (npaFirst < 2) {
            return NANP_FIRST + 2_000_000_000L + 2_000_000L; // +1 200 200 0000
        }
        long npa = key / 10_000_000L;               // 1NPA
        return npa * 10_000_000L + 2_000_000L;      // NXX 200, line 0000
    }
}
