package org.numreg.cli;

/** Ends the command with one line on standard error and an exit code ({@link Exit}); never a stack trace. */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
