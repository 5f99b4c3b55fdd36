package org.numreg.devinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/** Where the infra-dists build put the Kafka broker's classpath and the Keycloak distribution. */
final class Dists {

    private static final String BASE = "/org/numreg/devinfra/";

    private Dists() {
    }

    static String kafkaClasspath() {
        return read("kafka.classpath").strip();
    }

    static String keycloakVersion() {
        return properties().getProperty("keycloak.version");
    }

    static Path keycloakZip() {
        return Path.of(properties().getProperty("keycloak.zip"));
    }

    private static Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = resource("dists.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String read(String name) {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Dists.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new IllegalStateException(BASE + name + " is missing: build the infra-dists module first");
        }
        return in;
    }
}
