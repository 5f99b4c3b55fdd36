package org.numreg.cli;

import picocli.CommandLine.Command;

@Command(name = "logout", description = "Forget the profile's token.")
final class LogoutCommand extends Action {

    @Override
    public Integer call() throws Exception {
        boolean was = cli().tokens().logout();
        cli().output().note(was ? "logged out of profile " + cli().profile().name() : "was not logged in");
        return Exit.OK;
    }
}
