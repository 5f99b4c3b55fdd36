package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "port", description = {"Port a number to another OCN with the consumer's PIN.",
        "The gaining OCN's administrators port; with --due it is scheduled and completes then."})
final class PortCommand extends Action {

    @Parameters(paramLabel = "NUMBER")
    String number;

    @Option(names = "--to", required = true, paramLabel = "OCN", description = "the gaining OCN")
    String gainingOcn;

    @Option(names = "--pin", paramLabel = "PIN", description = "the consumer's PIN (visible to ps: prefer --pin-stdin)")
    String pin;

    @Option(names = "--pin-stdin", description = "read the PIN from standard input")
    boolean pinStdin;

    @Option(names = "--due", paramLabel = "TIME", description = "when it completes (RFC 3339, e.g. 2026-12-24T09:00:00Z)")
    String due;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("number", number).put("gainingOcn", gainingOcn)
                .put("pin", pin != null ? pin : secret("PIN", pinStdin, "--pin-stdin"));
        if (due != null) {
            body.put("dueAt", due);
        }
        return Writes.show(cli(), cli().api().write("POST", Profile.Service.PORTING, "/v1/ports", body,
                write.key(cli().err())));
    }
}
