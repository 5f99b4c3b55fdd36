package org.numreg.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "ports", description = {"An OCN's ports (scheduled, completed, cancelled), or one number's port status.",
        "  ports --ocn 0042        the ports the OCN gains or loses",
        "  ports +12125550100      the number's scheduled port and protection"})
final class PortsCommand extends Action {

    static final class Which {
        @Option(names = "--ocn", paramLabel = "OCN")
        String ocn;

        @Parameters(paramLabel = "NUMBER")
        String number;
    }

    @ArgGroup(multiplicity = "1")
    Which which;

    @Override
    public Integer call() {
        Api api = cli().api();
        if (which.number != null) {
            cli().output().record(api.get(Profile.Service.PORTING, "/v1/numbers/" + Api.segment(which.number) + "/ports",
                    Api.Auth.REQUIRED).body());
            return Exit.OK;
        }
        return showList(Profile.Service.PORTING, "/v1/ports" + Api.query("ocn", which.ocn), List.of(
                new Output.Column("NUMBER", "/number"), new Output.Column("STATUS", "/status"),
                new Output.Column("FROM", "/losingOcn"), new Output.Column("TO", "/gainingOcn"),
                new Output.Column("DUE", "/dueAt"), new Output.Column("REQUESTED", "/requestedAt"),
                new Output.Column("AT", "/registrar")));
    }
}
