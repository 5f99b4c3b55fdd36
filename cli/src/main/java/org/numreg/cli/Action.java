package org.numreg.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/** A command: it reaches the global options (profile, registrar, output) through the root command. */
abstract class Action implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    NumregCli cli() {
        return (NumregCli) spec.root().userObject();
    }

    /** Shows the list a service answers at {@code path} (a JSON array, for a logged-in caller) as a table. */
    int showList(Profile.Service service, String path, List<Output.Column> columns) {
        cli().output().list(cli().api().get(service, path, Api.Auth.REQUIRED).body(), columns);
        return Exit.OK;
    }

    /**
     * A secret (password, PIN, client secret): the first line of standard input when {@code fromStdin},
     * else asked on the terminal without echo. Never an argument by default: arguments show in ps.
     */
    String secret(String what, boolean fromStdin, String stdinOption) {
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(cli().in(), StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isBlank()) {
                    throw new CliException(Exit.BAD_INPUT, "no " + what + " on standard input");
                }
                return line.strip();
            } catch (IOException e) {
                throw new CliException(Exit.BAD_INPUT, "cannot read the " + what + ": " + e.getMessage());
            }
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException(Exit.BAD_INPUT, "no terminal to ask for the " + what + ": give it on standard input with "
                    + stdinOption);
        }
        char[] typed = console.readPassword("%s: ", what);
        if (typed == null || typed.length == 0) {
            throw new CliException(Exit.BAD_INPUT, "no " + what + " given");
        }
        return new String(typed);
    }
}
