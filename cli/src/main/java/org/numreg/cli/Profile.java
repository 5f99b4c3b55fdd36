package org.numreg.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Where a profile's registry is: its token issuer, its OIDC client, and every registrar's
 * services; each profile keeps its own login. A profile without a file is the local registry of
 * {@code ./numreg up} (registrar r<i>k</i>'s services on 8<i>k</i>01…8<i>k</i>05), so that
 * {@code --profile alice} and {@code --profile bob} are two users of it. A file
 * {@code <config>/profiles/<name>.properties} names a deployed registry:
 * <pre>
 * issuer=https://login.example.net/realms/numreg
 * registrars=r1,r2,r3
 * registrar=r2                      # the one commands go to unless --registrar says otherwise
 * r2.allocation=https://numreg.example.net/allocation
 * r2.whois=https://numreg.example.net/whois   # … one URL per registrar and service used
 * </pre>
 */
public record Profile(String name, URI issuer, String clientId, List<String> registrars, String registrar,
                      Properties urls) {

    public static final String DEFAULT = "default";
    static final URI LOCAL_ISSUER = URI.create("http://127.0.0.1:18080/realms/numreg");
    static final String CLI_CLIENT = "numreg-cli";

    /** A registrar's services, each with the last digit of its port in the local registry. */
    public enum Service {
        CONSENSUS(1), ALLOCATION(2), PORTING(3), WHOIS(4), SYNC(5);

        private final int portDigit;

        Service(int portDigit) {
            this.portDigit = portDigit;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Profile load(Path configDir, String name) {
        Path file = configDir.resolve("profiles").resolve(name + ".properties");
        if (!name.matches("[A-Za-z0-9._-]{1,64}") || name.startsWith(".")) {
            throw new CliException(Exit.BAD_INPUT, "a profile's name is letters, digits, '.', '_' and '-': " + name);
        }
        if (!Files.exists(file)) {
            return new Profile(name, LOCAL_ISSUER, CLI_CLIENT, List.of("r1", "r2", "r3"), "r1", new Properties());
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new CliException(Exit.BAD_INPUT, "cannot read " + file + ": " + e.getMessage());
        }
        List<String> registrars = Arrays.stream(properties.getProperty("registrars", "r1").split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).toList();
        return new Profile(name, URI.create(required(properties, "issuer", file)),
                properties.getProperty("client-id", CLI_CLIENT), registrars,
                properties.getProperty("registrar", registrars.getFirst()), properties);
    }

    /** The base URL of a registrar's service: the profile's, else the local registry's. */
    public URI url(String registrar, Service service) {
        String configured = urls.getProperty(registrar + "." + service.key());
        if (configured != null) {
            return URI.create(configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured);
        }
        if (isLocal() && registrar.matches("r[1-9]")) {
            return URI.create("http://127.0.0.1:8" + registrar.charAt(1) + "0" + service.portDigit);
        }
        throw new CliException(Exit.BAD_INPUT, "profile " + name + " has no URL for " + registrar + "'s "
                + service.key() + "-service: add " + registrar + "." + service.key() + "=https://… to it");
    }

    /** A registry on this machine: the only one where a password may be sent (the demo users). */
    public boolean isLocal() {
        try {
            return InetAddress.getByName(issuer.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public URI tokenEndpoint() {
        return URI.create(issuer + "/protocol/openid-connect/token");
    }

    public URI deviceEndpoint() {
        return URI.create(issuer + "/protocol/openid-connect/auth/device");
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new CliException(Exit.BAD_INPUT, file + " lacks " + key + "=");
        }
        return value.trim();
    }
}
