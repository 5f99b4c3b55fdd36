package org.numreg.registry.state;

/**
 * The registry's adjustable rules. Part of the protocol: every registrar must apply the log with
 * the same rules, or their states diverge.
 *
 * @param maxPinFailures wrong PINs after which a number is locked against ports until its PIN is set again
 */
public record RegistryRules(int maxPinFailures) {

    public static final RegistryRules DEFAULT = new RegistryRules(5);

    public RegistryRules {
        if (maxPinFailures < 1) {
            throw new IllegalArgumentException("maxPinFailures must be positive");
        }
    }
}
