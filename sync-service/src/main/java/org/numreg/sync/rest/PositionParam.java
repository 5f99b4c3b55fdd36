package org.numreg.sync.rest;

import org.numreg.registry.domain.InvalidValueException;

/** A log position given as a query parameter: a 400 naming the parameter when it is none. */
final class PositionParam {

    private PositionParam() {
    }

    /** The position, or null when the parameter is absent. */
    static Long optional(String name, String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw new InvalidValueException(name, "a log position is a whole number, 0 or more: " + value);
        }
        return Long.parseLong(value);
    }
}
