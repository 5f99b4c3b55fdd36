package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "range", description = "Number ranges: system admins open and close them; anyone logged in lists them.",
        subcommands = {RangeCommand.Open.class, RangeCommand.Close.class, RangeCommand.ListRanges.class})
final class RangeCommand {

    @Command(name = "open", description = "Open the numbers under a prefix (an area code +1NPA or exchange +1NPANXX).")
    static final class Open extends Action {
        @Parameters(paramLabel = "PREFIX")
        String prefix;

        @Option(names = "--digits", defaultValue = "0", description = "the numbers' length (default: the numbering plan's)")
        int digits;

        @Mixin
        WriteOptions write;

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("prefix", prefix).put("digits", digits);
            return write.send(cli(), "POST", Profile.Service.ALLOCATION, "/v1/ranges", body);
        }
    }

    @Command(name = "close", description = "Close a range: no more numbers are allocated from it.")
    static final class Close extends Action {
        @Parameters(paramLabel = "PREFIX")
        String prefix;

        @Mixin
        WriteOptions write;

        @Override
        public Integer call() {
            return write.send(cli(), "DELETE", Profile.Service.ALLOCATION,
                    "/v1/ranges/" + Api.segment(prefix), null);
        }
    }

    @Command(name = "list", description = "The open ranges with their allocated and free numbers.")
    static final class ListRanges extends Action {
        @Override
        public Integer call() {
            return showList(Profile.Service.ALLOCATION, "/v1/ranges", List.of(new Output.Column("PREFIX", "/prefix"),
                    new Output.Column("SIZE", "/size"), new Output.Column("ALLOCATED", "/allocated"),
                    new Output.Column("FREE", "/free")));
        }
    }
}
