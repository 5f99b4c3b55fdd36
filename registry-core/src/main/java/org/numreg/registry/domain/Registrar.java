package org.numreg.registry.domain;

import java.util.regex.Pattern;

/**
 * A registrar taking part in the log: its id (r1, …), the node number its consensus-service
 * has in Paxos, and where its peers reach it.
 */
public record Registrar(String id, int node, String endpoint) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    /** http(s), a host (and port), perhaps a path: what numreg.consensus.peers accepts too. */
    private static final Pattern URL = Pattern.compile("https?://[^\\s/?#]+(/[^\\s?#]*)?");

    public Registrar {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidValueException("registrar", "a registrar id is lower-case letters, digits and dashes: " + id);
        }
        if (node <= 0) {
            throw new InvalidValueException("node", "a registrar's node number is positive: " + node);
        }
        Text.required("endpoint", endpoint, 300);
        if (!URL.matcher(endpoint).matches()) {
            throw new InvalidValueException("endpoint",
                    "where peers reach the registrar's consensus-service, e.g. https://r4.example:8443: " + endpoint);
        }
    }
}
