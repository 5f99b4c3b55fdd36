package org.numreg.registry.domain;

import java.util.regex.Pattern;

/** Where calls to the number go: a SIP URI, a Location Routing Number (10 digits), or both. */
public record Routing(String sipUri, String lrn) {

    private static final Pattern SIP = Pattern.compile("sips?:[^\\s]{3,250}");
    private static final Pattern LRN = Pattern.compile("[2-9][0-9]{9}");

    public Routing {
        if (sipUri != null && !SIP.matcher(Text.requireClean("routing.sipUri", sipUri)).matches()) {
            throw new InvalidValueException("routing.sipUri", "a SIP URI starts with sip: or sips:, without spaces: " + sipUri);
        }
        if (lrn != null && !LRN.matcher(lrn).matches()) {
            throw new InvalidValueException("routing.lrn", "an LRN is 10 digits, not starting with 0 or 1: " + lrn);
        }
    }
}
