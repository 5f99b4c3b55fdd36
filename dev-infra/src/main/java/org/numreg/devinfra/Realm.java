package org.numreg.devinfra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak realm numreg (realm/numreg-realm.json, which operators import too) plus the
 * demo users (realm/demo-users.json). Secrets are not in those files: they hold placeholders
 * that Keycloak fills from its environment at import ({@link Secrets}).
 */
public final class Realm {

    public static final String NAME = "numreg";
    public static final String CLI_CLIENT = "numreg-cli";
    public static final String CONSOLE_CLIENT = "numreg-console";
    /** The key of the console client's secret among {@link Secrets#clientSecrets()}. */
    public static final String CONSOLE = "console";
    public static final List<String> DEMO_USERS = List.of("sysadmin", "alice", "bob");
    public static final List<String> REGISTRARS = List.of("r1", "r2", "r3");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEFAULT_VALUE = Pattern.compile("\\$\\{[A-Z0-9_]+:([^}]*)}");

    private Realm() {
    }

    public static String registrarClient(String registrar) {
        return "numreg-" + registrar;
    }

    /** The demo password of a demo user (the default of its placeholder; also in the README). */
    public static String demoPassword(String user) {
        String placeholder = demoUser(user).path("credentials").path(0).path("value").asText();
        Matcher matcher = DEFAULT_VALUE.matcher(placeholder);
        if (!matcher.matches()) {
            throw new IllegalStateException("no demo password for " + user);
        }
        return matcher.group(1);
    }

    /** Writes the realm, demo users included, as the one file Keycloak's --import-realm reads. */
    static void writeImportFiles(Path importDir) {
        try {
            ObjectNode realm = (ObjectNode) read("numreg-realm.json");
            ArrayNode users = realm.withArray("users");
            read("demo-users.json").path("users").forEach(users::add);
            Files.createDirectories(importDir);
            Path temp = Files.createTempFile(importDir, "numreg", ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), realm);
            Files.move(temp, importDir.resolve("numreg-realm.json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the realm import into " + importDir, e);
        }
    }

    private static ObjectNode demoUser(String user) {
        for (var node : read("demo-users.json").path("users")) {
            if (user.equals(node.path("username").asText())) {
                return (ObjectNode) node;
            }
        }
        throw new IllegalArgumentException("no demo user " + user);
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String file) {
        try (InputStream in = Realm.class.getResourceAsStream("/realm/" + file)) {
            if (in == null) {
                throw new IllegalStateException("/realm/" + file + " missing from the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Values for the realm's placeholders. Users without a password here keep the demo one.
     *
     * @param passwords     user to password
     * @param clientSecrets registrar (r1, …) to the secret of its service-account client, and
     *                      {@link #CONSOLE} to the consoles' client secret
     */
    public record Secrets(Map<String, String> passwords, Map<String, String> clientSecrets) {

        /** Fresh random passwords and secrets, as every test run uses. */
        public static Secrets random() {
            Map<String, String> passwords = new LinkedHashMap<>();
            DEMO_USERS.forEach(user -> passwords.put(user, randomSecret()));
            return new Secrets(passwords, randomClientSecrets());
        }

        /** Demo passwords, random client secrets: the local registry. */
        public static Secrets demo(Map<String, String> clientSecrets) {
            Map<String, String> passwords = new LinkedHashMap<>();
            DEMO_USERS.forEach(user -> passwords.put(user, demoPassword(user)));
            return new Secrets(passwords, clientSecrets);
        }

        /** A secret for each registrar's service account and one for the consoles' client. */
        public static Map<String, String> randomClientSecrets() {
            Map<String, String> secrets = new LinkedHashMap<>();
            REGISTRARS.forEach(registrar -> secrets.put(registrar, randomSecret()));
            secrets.put(CONSOLE, randomSecret());
            return secrets;
        }

        public String password(String user) {
            return require(passwords, user);
        }

        public String clientSecret(String registrar) {
            return require(clientSecrets, registrar);
        }

        /** The environment Keycloak needs to fill the placeholders. */
        public Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            passwords.forEach((user, password) -> env.put(envName(user) + "_PASSWORD", password));
            clientSecrets.forEach((registrar, secret) -> env.put(envName(registrar) + "_CLIENT_SECRET", secret));
            return env;
        }

        private static String envName(String name) {
            return "NUMREG_" + name.toUpperCase(Locale.ROOT);
        }

        private static String require(Map<String, String> values, String key) {
            String value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException("no secret for " + key);
            }
            return value;
        }

        static String randomSecret() {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }
    }
}
