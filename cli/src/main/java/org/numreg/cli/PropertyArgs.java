package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;

/** A number's properties as typed on the command line: {@code name=value}, a value in braces as JSON. */
final class PropertyArgs {

    private PropertyArgs() {
    }

    static ObjectNode of(Map<String, String> typed) {
        ObjectNode properties = Json.MAPPER.createObjectNode();
        if (typed == null) {
            return properties;
        }
        typed.forEach((name, value) -> {
            if (value.startsWith("{")) {
                try {
                    properties.set(name, Json.MAPPER.readTree(value));
                } catch (IOException e) {
                    throw new CliException(Exit.BAD_INPUT, "property " + name + " is not JSON: " + e.getMessage());
                }
            } else {
                properties.put(name, value);
            }
        });
        return properties;
    }
}
