package org.numreg.support.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How often one client address, and all clients together for one number, may call the public
 * and PIN-taking endpoints (each a number of requests a minute, with that many in a burst).
 * These limits slow abuse down at one registrar; the committed PIN back-off (PinFailures) is what
 * bounds guessing across all of them.
 */
@ConfigMapping(prefix = "numreg.rate-limit")
public interface RateLimitConfig {

    /** Off only for benchmarks that measure the services themselves. */
    @WithDefault("true")
    boolean enabled();

    /** Public whois lookups a minute from one client address. */
    @WithDefault("120")
    int lookupsPerClient();

    /** Public whois lookups a minute of one number, from everybody. */
    @WithDefault("600")
    int lookupsPerNumber();

    /** PIN checks (whois with a PIN, ports) a minute from one client address. */
    @WithDefault("10")
    int pinChecksPerClient();

    /** PIN checks a minute of one number, from everybody. */
    @WithDefault("30")
    int pinChecksPerNumber();
}
