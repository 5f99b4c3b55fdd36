package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@Command(name = "head", description = {"Every registrar's log head side by side, agreement marked.",
        "Position, hash and leader of each; registrars at one position must show one hash (AGREE);",
        "a different hash there is a divergence (DIFFERS, exit 1)."})
final class HeadCommand extends Action {

    private static final List<Output.Column> COLUMNS = List.of(new Output.Column("REGISTRAR", "/registrar"),
            new Output.Column("POSITION", "/position"), new Output.Column("HASH", "/hash", 16),
            new Output.Column("ROLE", "/role"), new Output.Column("LEADER", "/leader"),
            new Output.Column("PUBLISHED", "/publishedPosition"), new Output.Column("AGREEMENT", "/agreement"));

    @Option(names = "--registrars", split = ",", paramLabel = "ID,…", description = "which (default: all of the profile's)")
    List<String> registrars;

    @Override
    public Integer call() {
        Api api = cli().api();
        List<JsonNode> heads = new ArrayList<>();
        for (String registrar : registrars != null ? registrars : cli().profile().registrars()) {
            ObjectNode head = Json.MAPPER.createObjectNode().put("registrar", registrar);
            try {
                head.setAll((ObjectNode) api.at(registrar).get(Profile.Service.CONSENSUS, "/v1/log/head", Api.Auth.REQUIRED).body());
            } catch (CliException unreachable) {
                if (unreachable.exitCode() != Exit.UNAVAILABLE) {
                    throw unreachable;
                }
                head.put("agreement", "UNREACHABLE");
            }
            heads.add(head);
        }
        boolean differ = mark(heads);
        cli().output().list(heads, COLUMNS);
        return differ ? Exit.REFUSED : heads.stream().anyMatch(h -> !h.has("position")) ? Exit.UNAVAILABLE : Exit.OK;
    }

    /** Marks each head; true when two registrars at one position hold different hashes. */
    static boolean mark(List<JsonNode> heads) {
        Map<Long, List<ObjectNode>> byPosition = new TreeMap<>();
        heads.stream().filter(h -> h.has("position"))
                .forEach(h -> byPosition.computeIfAbsent(h.path("position").asLong(), p -> new ArrayList<>()).add((ObjectNode) h));
        long highest = byPosition.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        boolean differ = false;
        for (Map.Entry<Long, List<ObjectNode>> at : byPosition.entrySet()) {
            boolean oneHash = at.getValue().stream().map(h -> h.path("hash").asText()).distinct().count() == 1;
            differ |= !oneHash;
            for (ObjectNode head : at.getValue()) {
                String agreement = !oneHash ? "DIFFERS" : at.getValue().size() > 1 ? "AGREE" : "";
                if (at.getKey() < highest) {
                    agreement = (agreement.isEmpty() ? "" : agreement + ", ") + "behind by " + (highest - at.getKey());
                }
                head.put("agreement", agreement);
            }
        }
        return differ;
    }
}
