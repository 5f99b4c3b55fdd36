package org.numreg.registry.domain;

import java.util.regex.Pattern;

/** Where a number's service is: a postal address and its zip (postal) code. */
public record Location(String address, String zip) {

    private static final Pattern ZIP = Pattern.compile("[0-9A-Za-z][0-9A-Za-z -]{1,9}");

    public Location {
        Text.check("location.address", address, 200);
        if (zip != null && !ZIP.matcher(zip).matches()) {
            throw new InvalidValueException("location.zip", "a zip code is 2 to 10 letters, digits, spaces or dashes: " + zip);
        }
    }
}
