package org.numreg.registry.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/** An Operating Company Number: a carrier's four-character code (letters and digits, upper case). */
public record Ocn(String value) {

    private static final Pattern FORM = Pattern.compile("[0-9A-Z]{4}");

    public Ocn {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidValueException("ocn", "an OCN is 4 letters or digits: " + value);
        }
    }

    @JsonCreator
    public static Ocn of(String value) {
        return new Ocn(value == null ? null : value.toUpperCase(Locale.ROOT));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
