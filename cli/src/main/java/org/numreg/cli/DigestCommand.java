package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

@Command(name = "digest", description = "The numbers' digest trees (Merkle), which prove that registrars hold the same numbers.",
        subcommands = {DigestCommand.Compare.class, DigestCommand.Recompute.class})
final class DigestCommand {

    @Command(name = "recompute", description = {"Recompute the registrar's digest tree from its stored numbers (system admins).",
            "A stored record that no longer matches what the feed applied then differs from other registrars."})
    static final class Recompute extends Action {
        @Override
        public Integer call() {
            cli().api().write("POST", Profile.Service.SYNC, "/v1/digest/recompute", null, null);
            cli().output().note("recomputed the digests of " + cli().api().registrar());
            return Exit.OK;
        }
    }

    @Command(name = "compare", description = {"Compare two registrars' numbers at one position.",
            "Compares the roots and, where they differ, walks down the tree to the first number that",
            "differs (exit 1)."})
    static final class Compare extends Action {

        @Parameters(index = "0", paramLabel = "REGISTRAR")
        String first;

        @Parameters(index = "1", paramLabel = "OTHER")
        String second;

        @Option(names = "--prefix", defaultValue = "+", description = "only the numbers under this prefix (default: all)")
        String prefix;

        @Option(names = "--at", paramLabel = "POSITION", description = "as of this position (default: where the first stands)")
        Long at;

        @Override
        public Integer call() {
            Api a = cli().api().at(first);
            Api b = a.at(second);
            JsonNode rootA = digest(a, prefix, at);
            long position = rootA.path("position").asLong();
            JsonNode nodeA = rootA;
            JsonNode nodeB = digest(b, prefix, position);
            boolean agree = same(nodeA.path("node"), nodeB.path("node"));
            String where = prefix;
            while (!agree) {
                String next = firstDifferingChild(nodeA, nodeB);
                if (next == null) {
                    break;
                }
                where = next;
                nodeA = digest(a, next, position);
                nodeB = digest(b, next, position);
            }
            ObjectNode result = Json.MAPPER.createObjectNode().put("position", position).put("prefix", prefix)
                    .put("agree", agree);
            if (!agree) {
                result.put("firstDifference", where);
            }
            result.set(first, summary(nodeA));
            result.set(second, summary(nodeB));
            cli().output().record(result);
            return agree ? Exit.OK : Exit.REFUSED;
        }

        private static JsonNode digest(Api api, String prefix, Long position) {
            return api.get(Profile.Service.SYNC, "/v1/digest" + Api.query("prefix", prefix, "at", position),
                    Api.Auth.REQUIRED).body();
        }

        /** The first child (in digit order) whose count or hash differs, or that only one side has. */
        static String firstDifferingChild(JsonNode a, JsonNode b) {
            Map<String, JsonNode> childrenA = byPrefix(a);
            Map<String, JsonNode> childrenB = byPrefix(b);
            TreeSet<String> all = new TreeSet<>(childrenA.keySet());
            all.addAll(childrenB.keySet());
            for (String child : all) {
                JsonNode childA = childrenA.get(child);
                JsonNode childB = childrenB.get(child);
                if (childA == null || childB == null || !same(childA, childB)) {
                    return child;
                }
            }
            return null;
        }

        private static Map<String, JsonNode> byPrefix(JsonNode digest) {
            Map<String, JsonNode> children = new TreeMap<>();
            digest.path("children").forEach(child -> children.put(child.path("prefix").asText(), child));
            return children;
        }

        private static boolean same(JsonNode a, JsonNode b) {
            return a.path("count").asLong() == b.path("count").asLong() && a.path("hash").asText().equals(b.path("hash").asText());
        }

        private static JsonNode summary(JsonNode digest) {
            return Json.MAPPER.createObjectNode().put("count", digest.at("/node/count").asLong())
                    .put("hash", digest.at("/node/hash").asText());
        }
    }
}
