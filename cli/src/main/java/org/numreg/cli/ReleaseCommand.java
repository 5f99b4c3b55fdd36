package org.numreg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "release", description = "Return a number to the pool (its OCN's administrators).")
final class ReleaseCommand extends Action {

    @Parameters(paramLabel = "NUMBER")
    String number;

    @Option(names = "--ocn", description = "the OCN acting (default: the number's)")
    String ocn;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        return write.send(cli(), "DELETE", Profile.Service.ALLOCATION,
                "/v1/numbers/" + Api.segment(number) + Api.query("ocn", ocn), null);
    }
}
