package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "history", description = "Every committed change of a number, in log order (its OCN's admins, system admins).")
final class HistoryCommand extends Action {

    private static final List<Output.Column> COLUMNS = List.of(new Output.Column("POSITION", "/position"),
            new Output.Column("TIME", "/time"), new Output.Column("TYPE", "/type"),
            new Output.Column("REGISTRAR", "/registrar"), new Output.Column("BY", "/principal/name"));
    private static final int PAGE = 100;

    @Parameters(paramLabel = "NUMBER")
    String number;

    @Override
    public Integer call() {
        List<JsonNode> changes = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = cli().api().get(Profile.Service.WHOIS, "/v1/numbers/" + Api.segment(number) + "/history"
                    + Api.query("afterPosition", after, "limit", PAGE), Api.Auth.REQUIRED).body();
            page.forEach(changes::add);
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).path("position").asLong();
        }
        cli().output().list(changes, COLUMNS);
        return Exit.OK;
    }
}
