package org.numreg.client.pin;

import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.numreg.registry.domain.InvalidValueException;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Consumers' PINs: 6 to 12 digits (a million PINs at least: the back-off bounds guessing, docs/architecture.md), kept only as a salted bcrypt hash (design §4). The PIN itself
 * lives for one request and is never logged, stored or sent on.
 */
@ApplicationScoped
public class Pins {

    /** The header a consumer (or their gaining carrier) presents a PIN in; never a query parameter. */
    public static final String HEADER = "Numreg-Pin";

    private static final Pattern FORM = Pattern.compile("[0-9]{6,12}");

    private final int cost;
    private final SecureRandom random = new SecureRandom();

    public Pins(@ConfigProperty(name = "numreg.pin.bcrypt-cost", defaultValue = "10") int cost) {
        this.cost = cost;
    }

    /** Throws a 400 naming {@code field} unless {@code pin} has a PIN's form. */
    public static String checkForm(String field, String pin) {
        if (pin == null || !FORM.matcher(pin).matches()) {
            throw new InvalidValueException(field, "a PIN is 6 to 12 digits");
        }
        return pin;
    }

    public String hash(String pin) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", checkForm("pin", pin).toCharArray(), salt, cost);
    }

    /** Whether {@code pin} is the one {@code hash} was made from (slow, by design). */
    public boolean matches(String pin, String hash) {
        return hash != null && pin != null && FORM.matcher(pin).matches()
                && OpenBSDBCrypt.checkPassword(hash, pin.toCharArray());
    }
}
