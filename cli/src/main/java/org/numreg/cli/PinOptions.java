package org.numreg.cli;

import picocli.CommandLine.Option;

/** A number's PIN as a command takes it: from standard input (or the terminal), or as an argument. */
final class PinOptions {

    @Option(names = "--pin", paramLabel = "PIN", description = "the PIN (visible to ps: prefer --pin-stdin)")
    String pin;

    @Option(names = "--pin-stdin", description = "read the PIN from standard input")
    boolean pinStdin;

    boolean given() {
        return pin != null || pinStdin;
    }

    /** The PIN given, else read (standard input with --pin-stdin, else the terminal). */
    String read(Action command) {
        return pin != null ? pin : command.secret("PIN", pinStdin, "--pin-stdin");
    }
}
