package org.numreg.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * numreg-cli: the registry from a terminal and from scripts. The options here apply to every
 * command, before or after its name.
 */
@Command(name = "numreg-cli", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = NumregCli.Version.class,
        description = "The numreg registry from a terminal and from scripts.",
        footer = {"", "Exit status: 0 done; 1 refused (taken, a rule, locked) or a check found a difference;"
                + " 2 bad input; 3 not logged in or not allowed; 4 not found; 5 unavailable (try again)."},
        subcommands = {LoginCommand.class, LogoutCommand.class, WhoisCommand.class, SearchCommand.class,
                HistoryCommand.class, AllocateCommand.class, UpdateCommand.class, ReleaseCommand.class, PinCommand.class, OcnCommand.class,
                RangeCommand.class, PortCommand.class, PortsCommand.class, ChangesCommand.class, HeadCommand.class,
                DigestCommand.class, VerifyChainCommand.class, AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class})
public final class NumregCli {

    @Option(names = "--profile", scope = ScopeType.INHERIT, defaultValue = "${env:NUMREG_PROFILE:-default}",
            description = "a login of its own, to this machine's registry unless <config>/profiles/NAME.properties names another")
    String profile;

    @Option(names = {"-r", "--registrar"}, scope = ScopeType.INHERIT, paramLabel = "ID",
            description = "the registrar to ask (default: the profile's; r1 for the local registry)")
    String registrar;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, defaultValue = "table", paramLabel = "FORMAT",
            description = "table (for people), json, or ndjson (one JSON object a line)")
    Output.Format format;

    @Option(names = "--config-dir", scope = ScopeType.INHERIT, hidden = true,
            defaultValue = "${env:NUMREG_CLI_CONFIG}")
    Path configDir;

    @Spec
    CommandSpec spec;

    private final Http http = new Http();
    private Profile loadedProfile;
    private Tokens tokens;
    private final InputStream in;
    private final Map<String, String> environment;

    public NumregCli(InputStream in, Map<String, String> environment) {
        this.in = in;
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(run(System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                args));
    }

    /** Runs one command line on these streams; its exit status ({@link Exit}). */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> environment,
                          String... args) {
        CommandLine line = new CommandLine(new NumregCli(in, environment));
        line.setCaseInsensitiveEnumValuesAllowed(true).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    commandLine.getErr().println("numreg-cli: " + message(e));
                    commandLine.getErr().flush();
                    return e instanceof CliException cli ? cli.exitCode() : Exit.UNAVAILABLE;
                });
        return line.execute(args);
    }

    private static String message(Exception e) {
        if (e instanceof CliException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The profile, its file read once a run (a command may page through many requests). */
    Profile profile() {
        if (loadedProfile == null) {
            loadedProfile = Profile.load(configDir(), profile);
        }
        return loadedProfile;
    }

    Tokens tokens() {
        if (tokens == null) {
            tokens = new Tokens(profile(), configDir(), http, Clock.systemUTC());
        }
        return tokens;
    }

    /** The registrar this command goes to. */
    Api api() {
        return new Api(profile(), registrar != null ? registrar : profile().registrar(), tokens(), http);
    }

    Output output() {
        return new Output(format, spec.commandLine().getOut());
    }

    /** Standard input: secrets (--…-stdin) and events to verify. */
    InputStream in() {
        return in;
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** {@code $NUMREG_CLI_CONFIG}, else {@code $XDG_CONFIG_HOME/numreg}, else {@code ~/.config/numreg}. */
    Path configDir() {
        if (configDir != null) {
            return configDir;
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("numreg");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = NumregCli.class.getPackage().getImplementationVersion();
            return new String[] {"numreg-cli " + (version == null ? "(development build)" : version)};
        }
    }
}
