package org.numreg.registry.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a PIN was presented. Each channel counts its wrong PINs and closes on its own, so that
 * anonymous lookups — which anyone can send — never close the channel ports go through.
 */
public enum PinChannel {
    /** A gaining carrier's administrator ports the number (porting-service): authenticated callers only. */
    PORT,
    /** A caller reads the number's private fields with its PIN (whois-service): anyone. */
    LOOKUP;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static PinChannel of(String name) {
        for (PinChannel channel : values()) {
            if (channel.wireName().equals(name)) {
                return channel;
            }
        }
        throw new InvalidValueException("channel", "a PIN channel is port or lookup: " + name);
    }
}
