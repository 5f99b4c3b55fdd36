package org.numreg.registry.state;

import org.numreg.registry.domain.PinFailures.PinBackoff;

/**
 * The registry's adjustable rules. Part of the protocol: every registrar must apply the log with
 * the same rules, or their states diverge.
 *
 * @param pinBackoff how wrong PINs close a number's port or lookup channel, and for how long
 */
public record RegistryRules(PinBackoff pinBackoff) {

    public static final RegistryRules DEFAULT = new RegistryRules(PinBackoff.DEFAULT);

    public RegistryRules {
        java.util.Objects.requireNonNull(pinBackoff, "pinBackoff");
    }
}
