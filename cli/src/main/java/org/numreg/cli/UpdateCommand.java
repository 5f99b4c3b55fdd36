package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

@Command(name = "update", description = {"Set a number's properties (its OCN's administrators).",
        "The properties given replace the number's: give all that it should keep."})
final class UpdateCommand extends Action {

    @Parameters(paramLabel = "NUMBER")
    String number;

    @Option(names = {"-p", "--property"}, required = true, paramLabel = "NAME=VALUE",
            description = "e.g. cnam=LAKESIDE, type=MOBILE; a value {…} is JSON")
    Map<String, String> properties;

    @Option(names = "--ocn", description = "the OCN acting (default: the number's)")
    String ocn;

    @Option(names = "--expected-version", paramLabel = "V", description = "refuse (409) if the record moved past version V")
    Long expectedVersion;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (ocn != null) {
            body.put("ocn", ocn);
        }
        body.set("properties", PropertyArgs.of(properties));
        if (expectedVersion != null) {
            body.put("expectedVersion", expectedVersion);
        }
        return write.send(cli(), "PUT", Profile.Service.ALLOCATION, "/v1/numbers/" + Api.segment(number),
                body);
    }
}
