package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "ocn", description = "Carriers (OCNs): system admins register and update them; anyone logged in lists them.",
        subcommands = {OcnCommand.Register.class, OcnCommand.Update.class, OcnCommand.ListOcns.class})
final class OcnCommand {

    @Command(name = "register", description = "Register an OCN (system admins).")
    static final class Register extends Action {
        @Parameters(paramLabel = "OCN")
        String ocn;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--contact")
        String contact;

        @Mixin
        WriteOptions write;

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("ocn", ocn).put("name", name).put("contact", contact);
            return Writes.show(cli(), cli().api().write("POST", Profile.Service.ALLOCATION, "/v1/ocns", body,
                    write.key(cli().err())));
        }
    }

    @Command(name = "update", description = "Change an OCN's name or contact (system admins).")
    static final class Update extends Action {
        @Parameters(paramLabel = "OCN")
        String ocn;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--contact")
        String contact;

        @Mixin
        WriteOptions write;

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("contact", contact);
            return Writes.show(cli(), cli().api().write("PUT", Profile.Service.ALLOCATION, "/v1/ocns/" + Api.segment(ocn),
                    body, write.key(cli().err())));
        }
    }

    @Command(name = "list", description = "The registered OCNs.")
    static final class ListOcns extends Action {
        @Override
        public Integer call() {
            JsonNode ocns = cli().api().get(Profile.Service.ALLOCATION, "/v1/ocns", Api.Auth.REQUIRED).body();
            List<JsonNode> rows = new ArrayList<>();
            ocns.forEach(rows::add);
            cli().output().list(rows, List.of(new Output.Column("OCN", "/ocn"), new Output.Column("NAME", "/name"),
                    new Output.Column("CONTACT", "/contact")));
            return Exit.OK;
        }
    }
}
