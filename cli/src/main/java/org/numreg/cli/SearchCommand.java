package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(name = "search", description = {"Numbers by prefix, OCN, zip, type or service indicator, in number order.",
        "Each with the fields the caller may see: all for its OCN's administrators and system admins."})
final class SearchCommand extends Action {

    @Option(names = "--prefix")
    String prefix;

    @Option(names = "--ocn")
    String ocn;

    @Option(names = "--zip")
    String zip;

    @Option(names = "--type")
    String type;

    @Option(names = "--service-indicator", paramLabel = "SI")
    String serviceIndicator;

    @Option(names = "--after", paramLabel = "NUMBER", description = "start after this number")
    String after;

    @Option(names = "--max", defaultValue = "100", paramLabel = "N", description = "at most N numbers (default 100)")
    int max;

    @Override
    public Integer call() {
        List<JsonNode> found = new ArrayList<>();
        String from = after;
        while (found.size() < max) {
            JsonNode page = cli().api().get(Profile.Service.WHOIS, "/v1/numbers" + Api.query("prefix", prefix, "ocn", ocn,
                    "zip", zip, "type", type, "serviceIndicator", serviceIndicator, "after", from,
                    "limit", Math.min(100, max - found.size())), Api.Auth.REQUIRED).body();
            page.path("items").forEach(found::add);
            from = page.path("next").asText(null);
            if (from == null || page.path("items").isEmpty()) {
                break;
            }
        }
        cli().output().list(found, List.of(new Output.Column("NUMBER", "/number"), new Output.Column("OCN", "/ocn"),
                new Output.Column("CARRIER", "/carrierName"), new Output.Column("TYPE", "/type"),
                new Output.Column("CNAM", "/properties/cnam")));
        if (from != null && found.size() >= max) {
            cli().output().note("more: --after " + from);
        }
        return Exit.OK;
    }
}
