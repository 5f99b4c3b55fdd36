package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pin", description = "A number's PIN, which its consumer gives to the gaining carrier of a port.",
        subcommands = PinCommand.Set.class)
final class PinCommand {

    @Command(name = "set", description = "Set a number's PIN (its OCN's administrators).")
    static final class Set extends Action {

        @Parameters(paramLabel = "NUMBER")
        String number;

        @Option(names = "--pin", paramLabel = "PIN", description = "the new PIN (visible to ps: prefer --pin-stdin)")
        String pin;

        @Option(names = "--pin-stdin", description = "read the PIN from standard input")
        boolean pinStdin;

        @Mixin
        WriteOptions write;

        @Override
        public Integer call() {
            String value = pin != null ? pin : secret("new PIN", pinStdin, "--pin-stdin");
            ObjectNode body = Json.MAPPER.createObjectNode().put("pin", value);
            return Writes.show(cli(), cli().api().write("PUT", Profile.Service.ALLOCATION,
                    "/v1/numbers/" + Api.segment(number) + "/pin", body, write.key(cli().err())));
        }
    }
}
