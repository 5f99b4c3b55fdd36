package org.numreg.console.api;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every registrar whose log head the console shows, by its consensus-service: this registrar's
 * own, and the others' where an operator lists them ({@code numreg.console.registrars}:
 * {@code r2=http://…,r3=http://…}).
 */
@ApplicationScoped
public class Registrars {

    private final Map<String, ConsensusApi> consensus = new LinkedHashMap<>();

    Registrars(@ConfigProperty(name = "numreg.registrar.id") String self,
               @ConfigProperty(name = "quarkus.rest-client.consensus.url") URI own,
               @ConfigProperty(name = "numreg.console.registrars", defaultValue = "") String others) {
        consensus.put(self, client(own));
        for (String entry : others.split(",")) {
            String[] idAndUrl = entry.strip().split("=", 2);
            if (idAndUrl.length == 2) {
                consensus.putIfAbsent(idAndUrl[0].strip(), client(URI.create(idAndUrl[1].strip())));
            }
        }
    }

    private static ConsensusApi client(URI uri) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(uri)
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(5, TimeUnit.SECONDS)
                .build(ConsensusApi.class);
    }

    /** Registrar id → its consensus-service, this registrar first. */
    public Map<String, ConsensusApi> consensus() {
        return consensus;
    }
}
