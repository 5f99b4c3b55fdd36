package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "pin", description = "A number's PIN, which its consumer gives to the gaining carrier of a port.",
        subcommands = PinCommand.Set.class)
final class PinCommand {

    @Command(name = "set", description = "Set a number's PIN (its OCN's administrators).")
    static final class Set extends Action {

        @Parameters(paramLabel = "NUMBER")
        String number;

        @Mixin
        PinOptions pin;

        @Mixin
        WriteOptions write;

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("pin", pin.read(this));
            return write.send(cli(), "PUT", Profile.Service.ALLOCATION,
                    "/v1/numbers/" + Api.segment(number) + "/pin", body);
        }
    }
}
