package org.numreg.registry.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A telephone number in E.164 form: "+" and 8 to 15 digits, the first not 0. Its digits read as
 * a number are its {@link #key()}: numbers of one range sort and count as integers.
 */
public record E164(String value) implements Comparable<E164> {

    private static final Pattern FORM = Pattern.compile("\\+[1-9][0-9]{7,14}");

    public E164 {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidValueException("number", "an E.164 number is + and 8 to 15 digits, not starting with 0: "
                    + value);
        }
        if (!Nanp.isValidKey(Long.parseLong(value.substring(1)))) {
            throw new InvalidValueException("number", "a North American number's area code and exchange start with"
                    + " 2 to 9: " + value);
        }
    }

    @JsonCreator
    public static E164 of(String value) {
        return new E164(value);
    }

    public static E164 ofKey(long key) {
        return new E164("+" + key);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** The digits as an integer: unique, since no number starts with 0. */
    public long key() {
        return Long.parseLong(value.substring(1));
    }

    public int digits() {
        return value.length() - 1;
    }

    public boolean startsWith(Prefix prefix) {
        return value.startsWith(prefix.value());
    }

    /** North American numbers (+1 and ten digits): area code, exchange and thousands-block. */
    public boolean isNanp() {
        return value.startsWith("+1") && digits() == 11;
    }

    public String npa() {
        requireNanp();
        return value.substring(2, 5);
    }

    public String nxx() {
        requireNanp();
        return value.substring(5, 8);
    }

    /** The NPA-NXX-X thousands-block this number belongs to. */
    public Block block() {
        requireNanp();
        return new Block(value.substring(2, 9));
    }

    private void requireNanp() {
        if (!isNanp()) {
            throw new InvalidValueException("number", value + " is not a North American (+1, ten digits) number");
        }
    }

    @Override
    public int compareTo(E164 other) {
        return Long.compare(key(), other.key());
    }

    @Override
    public String toString() {
        return value;
    }
}
