package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "ocn", description = "Carriers (OCNs): system admins register and update them; anyone logged in lists them.",
        subcommands = {OcnCommand.Register.class, OcnCommand.Update.class, OcnCommand.ListOcns.class})
final class OcnCommand {

    /** What an OCN's record says besides its code. */
    static final class Details {
        @Option(names = "--name", required = true, description = "the carrier's name")
        String name;

        @Option(names = "--contact", description = "whom to reach about its numbers")
        String contact;

        ObjectNode into(ObjectNode body) {
            return body.put("name", name).put("contact", contact);
        }
    }

    /** A write of one OCN's record: register and update differ only in how they send it. */
    abstract static class Write extends Action {
        @Parameters(paramLabel = "OCN")
        String ocn;

        @Mixin
        Details details;

        @Mixin
        WriteOptions write;

        /** Sends the record (name, contact) as this write does; the exit code. */
        abstract int send(ObjectNode record);

        @Override
        public Integer call() {
            return send(details.into(Json.MAPPER.createObjectNode()));
        }
    }

    @Command(name = "register", description = "Register an OCN (system admins).")
    static final class Register extends Write {
        @Override
        int send(ObjectNode record) {
            return write.send(cli(), "POST", Profile.Service.ALLOCATION, "/v1/ocns", record.put("ocn", ocn));
        }
    }

    @Command(name = "update", description = "Change an OCN's name or contact (system admins).")
    static final class Update extends Write {
        @Override
        int send(ObjectNode record) {
            return write.send(cli(), "PUT", Profile.Service.ALLOCATION, "/v1/ocns/" + Api.segment(ocn), record);
        }
    }

    @Command(name = "list", description = "The registered OCNs.")
    static final class ListOcns extends Action {
        @Override
        public Integer call() {
            return showList(Profile.Service.ALLOCATION, "/v1/ocns", List.of(new Output.Column("OCN", "/ocn"),
                    new Output.Column("NAME", "/name"), new Output.Column("CONTACT", "/contact")));
        }
    }
}
