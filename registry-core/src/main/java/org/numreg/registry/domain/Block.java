package org.numreg.registry.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A North American thousands-block NPA-NXX-X: the 1,000 numbers +1 NPA NXX X000 to X999. */
public record Block(String value) {

    private static final Pattern FORM = Pattern.compile("[2-9][0-9]{2}[2-9][0-9]{2}[0-9]");

    public Block {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidValueException("block",
                    "a thousands-block is NPA (3 digits, not starting 0/1), NXX (likewise) and one digit: " + value);
        }
    }

    @JsonCreator
    public static Block of(String value) {
        return new Block(value.replace("-", ""));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    public Prefix prefix() {
        return new Prefix("+1" + value);
    }

    public long firstKey() {
        return prefix().lowestKey(11);
    }

    public long lastKey() {
        return prefix().highestKey(11);
    }

    @Override
    public String toString() {
        return value.substring(0, 3) + "-" + value.substring(3, 6) + "-" + value.charAt(6);
    }
}
