package org.numreg.registry.domain;

/**
 * Checks of text that goes into the log. Text must be storable and writable everywhere the log
 * goes — PostgreSQL text and jsonb, JSON on Kafka — or a committed command would fail to apply
 * on every registrar: so no control characters (NUL included), no lone surrogates, no
 * noncharacters (U+FFFE, U+FFFF and their kin).
 */
public final class Text {

    private Text() {
    }

    /** Null is allowed (not set); otherwise 1 to {@code max} characters that {@link #requireClean} accepts. */
    public static void check(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.length() > max) {
            throw new InvalidValueException(field, field + " must have 1 to " + max + " characters");
        }
        requireClean(field, value);
    }

    public static String required(String field, String value, int max) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        check(field, value, max);
        return value;
    }

    /** Throws unless {@code value} (not null) has only characters the log can carry everywhere. */
    public static String requireClean(String field, String value) {
        value.codePoints().filter(Text::unfit).findFirst().ifPresent(unfit -> {
            throw new InvalidValueException(field, field + " must not contain "
                    + (Character.isISOControl(unfit) ? "control characters" : "U+" + Integer.toHexString(unfit).toUpperCase()
                    + " (a lone surrogate or a noncharacter)"));
        });
        return value;
    }

    private static boolean unfit(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE
                || (codePoint & 0xFFFE) == 0xFFFE || (codePoint >= 0xFDD0 && codePoint <= 0xFDEF);
    }
}
