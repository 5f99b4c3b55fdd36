package org.numreg.registry.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** The leading part of E.164 numbers: "+" and 1 to 15 digits, e.g. an area code "+1312". */
public record Prefix(String value) {

    private static final Pattern FORM = Pattern.compile("\\+[1-9][0-9]{0,14}");

    public Prefix {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidValueException("prefix", "a prefix is + and 1 to 15 digits, not starting with 0: " + value);
        }
    }

    @JsonCreator
    public static Prefix of(String value) {
        return new Prefix(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    public int length() {
        return value.length() - 1;
    }

    public boolean covers(Prefix other) {
        return other.value.startsWith(value);
    }

    public boolean overlaps(Prefix other) {
        return covers(other) || other.covers(this);
    }

    /** The smallest and largest key of numbers of {@code digits} digits under this prefix. */
    public long lowestKey(int digits) {
        return Long.parseLong(pad(digits, '0'));
    }

    public long highestKey(int digits) {
        return Long.parseLong(pad(digits, '9'));
    }

    private String pad(int digits, char with) {
        if (digits < length()) {
            throw new InvalidValueException("prefix", value + " is longer than " + digits + " digits");
        }
        return value.substring(1) + String.valueOf(with).repeat(digits - length());
    }

    @Override
    public String toString() {
        return value;
    }
}
