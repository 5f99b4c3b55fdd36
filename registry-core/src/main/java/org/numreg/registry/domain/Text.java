package org.numreg.registry.domain;

/** Checks of free text fields. */
final class Text {

    private Text() {
    }

    /** Null is allowed (not set); otherwise 1 to {@code max} characters without control characters. */
    static void check(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.length() > max) {
            throw new InvalidValueException(field, field + " must have 1 to " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException(field, field + " must not contain control characters");
        }
    }

    static String required(String field, String value, int max) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        check(field, value, max);
        return value;
    }
}
