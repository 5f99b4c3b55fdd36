package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

@Command(name = "allocate", description = {"Allocate a number, any free number, many, or a block to an OCN.",
        "An OCN's administrators allocate to it:",
        "  allocate +12125550100 --ocn 1510          that number",
        "  allocate --prefix +1212555 --ocn 1510     the lowest free number under the prefix",
        "  allocate --prefix +1212555 --count 50 …   fifty of them",
        "  allocate --block 212-555-3 --ocn 1510     a thousands-block"})
final class AllocateCommand extends Action {

    static final class What {
        @Parameters(paramLabel = "NUMBER", description = "a given number (E.164)")
        String number;

        @Option(names = "--prefix", paramLabel = "PREFIX", description = "any free number under this prefix")
        String prefix;

        @Option(names = "--block", paramLabel = "NPA-NXX-X", description = "the thousands-block")
        String block;
    }

    /** The numbers allocated with --count, one a row. */
    private static final List<Output.Column> NUMBERS = List.of(new Output.Column("NUMBER", "/number"),
            new Output.Column("OCN", "/ocn"), new Output.Column("TYPE", "/properties/type"),
            new Output.Column("CNAM", "/properties/cnam"));

    @ArgGroup(multiplicity = "1")
    What what;

    @Option(names = "--ocn", required = true, paramLabel = "OCN")
    String ocn;

    @Option(names = "--count", paramLabel = "N", description = "with --prefix: this many numbers")
    Integer count;

    @Option(names = {"-p", "--property"}, paramLabel = "NAME=VALUE",
            description = "a property of the number(s), e.g. cnam=LAKESIDE, type=MOBILE; a value {…} is JSON")
    Map<String, String> properties;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        if (count != null && what.prefix == null) {
            throw new CliException(Exit.BAD_INPUT, "--count goes with --prefix");
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("ocn", ocn);
        String path;
        if (what.block != null) {
            path = "/v1/blocks";
            body.put("block", what.block);
        } else {
            path = count != null ? "/v1/numbers/bulk" : "/v1/numbers";
            if (what.number != null) {
                body.put("number", what.number);
            } else {
                body.put("prefix", what.prefix);
            }
            if (count != null) {
                body.put("count", count);
            }
            body.set("properties", PropertyArgs.of(properties));
        }
        if (count != null) {
            return write.send(cli(), "POST", Profile.Service.ALLOCATION, path, body, "numbers", NUMBERS);
        }
        return write.send(cli(), "POST", Profile.Service.ALLOCATION, path, body);
    }
}
