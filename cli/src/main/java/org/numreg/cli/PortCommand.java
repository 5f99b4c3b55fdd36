package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "port", description = {"Port a number to another OCN with the consumer's PIN.",
        "The gaining OCN's administrators port; with --due it is scheduled and completes then."},
        subcommands = {PortCommand.Cancel.class, PortCommand.Protect.class})
final class PortCommand extends Action {

    @Parameters(paramLabel = "NUMBER")
    String number;

    @Option(names = "--to", required = true, paramLabel = "OCN", description = "the gaining OCN")
    String gainingOcn;

    @Mixin
    PinOptions pin;

    @Option(names = "--due", paramLabel = "TIME", description = "when it completes (RFC 3339, e.g. 2026-12-24T09:00:00Z)")
    String due;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("number", number).put("gainingOcn", gainingOcn)
                .put("pin", pin.read(this));
        if (due != null) {
            body.put("dueAt", due);
        }
        return write.send(cli(), "POST", Profile.Service.PORTING, "/v1/ports", body);
    }

    @Command(name = "cancel", description = "Cancel a number's scheduled port before it is due (either OCN's administrators).")
    static final class Cancel extends Action {
        @Parameters(paramLabel = "NUMBER")
        String number;

        @Mixin
        WriteOptions write;

        @Override
        public Integer call() {
            return write.send(cli(), "DELETE", Profile.Service.PORTING,
                    "/v1/numbers/" + Api.segment(number) + "/scheduled-port", null);
        }
    }

    @Command(name = "protect", description = "Lock a number against ports, or with --off unlock it (its OCN's administrators).")
    static final class Protect extends Action {
        @Parameters(paramLabel = "NUMBER")
        String number;

        @Option(names = "--off", description = "unlock: ports are possible again")
        boolean off;

        @Mixin
        WriteOptions write;

        @Override
        public Integer call() {
            return write.send(cli(), "PUT", Profile.Service.PORTING,
                    "/v1/numbers/" + Api.segment(number) + "/port-protection",
                    Json.MAPPER.createObjectNode().put("protect", !off));
        }
    }
}
