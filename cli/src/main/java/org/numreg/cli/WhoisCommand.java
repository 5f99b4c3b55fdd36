package org.numreg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HashMap;
import java.util.Map;

@Command(name = "whois", description = {"A number's record (public fields; all of them for its admins and PIN holder).",
        "Anyone sees the public fields; logged in as an administrator of its OCN or a system admin, or",
        "with its PIN, all of them."})
final class WhoisCommand extends Action {

    @Parameters(paramLabel = "NUMBER", description = "E.164, e.g. +12125550100")
    String number;

    @Mixin
    PinOptions pin;

    @Option(names = "--public", description = "ask without the login: what anyone sees")
    boolean anonymous;

    @Option(names = "--min-position", paramLabel = "P", description = "answer only once the registrar has applied position P")
    Long minPosition;

    @Override
    public Integer call() {
        Map<String, String> headers = new HashMap<>();
        if (pin.given()) {
            headers.put("Numreg-Pin", pin.read(this));
        }
        Http.Reply reply = cli().api().get(Profile.Service.WHOIS, "/v1/numbers/" + Api.segment(number)
                + Api.query("minPosition", minPosition), anonymous ? Api.Auth.NONE : Api.Auth.OPTIONAL, headers);
        cli().output().record(reply.body());
        return Exit.OK;
    }
}
