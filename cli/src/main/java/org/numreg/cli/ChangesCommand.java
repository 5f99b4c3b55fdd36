package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

@Command(name = "changes", description = {"The registry's committed changes in log order, from the registrar's sync-service.",
        "Ends by saying where it stopped: --after that event id resumes without a gap or a repeat.",
        "With -o ndjson each event is printed exactly as received (numreg-cli verify-chain reads it)."})
final class ChangesCommand extends Action {

    @Option(names = "--after", paramLabel = "P|P-I", description = "after position P, or after event P-I")
    String after;

    @Option(names = "--since", paramLabel = "TIME", description = "from this time on (RFC 3339)")
    String since;

    @Option(names = "--ocn", description = "only this OCN's changes")
    String ocn;

    @Option(names = "--prefix", description = "only changes of numbers under this prefix")
    String prefix;

    @Option(names = {"-f", "--follow"}, description = "keep following new changes until stopped (Ctrl-C)")
    boolean follow;

    @Option(names = "--max", paramLabel = "N", description = "stop after N events")
    Long max;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", description = "with --follow: how often to ask")
    double interval;

    /** The last event printed: where a resumed run starts. */
    private volatile String cursor;
    private long printed;

    @Override
    public Integer call() throws Exception {
        if (after != null && since != null) {
            throw new CliException(Exit.BAD_INPUT, "give --after or --since, not both");
        }
        cursor = after;
        PrintWriter err = cli().err();
        Thread interrupted = new Thread(() -> stopped(err));
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            Api api = cli().api();
            Output output = cli().output();
            while (read(api, output) && follow) {
                Thread.sleep(Duration.ofMillis((long) (interval * 1000)));
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
        stopped(err);
        return Exit.OK;
    }

    /** One request's events; false once --max is reached. */
    private boolean read(Api api, Output output) throws IOException {
        String path = "/v1/changes" + Api.query("after", cursor, "since", cursor == null ? since : null,
                "ocn", ocn, "prefix", prefix);
        try (InputStream body = api.stream(Profile.Service.SYNC, path, Api.Auth.REQUIRED);
             BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event = Json.parse(line.getBytes(StandardCharsets.UTF_8));
                print(output, event, line);
                cursor = event.path("id").asText();
                if (max != null && ++printed >= max) {
                    return false;
                }
            }
        } catch (CliException unavailable) {
            if (!follow || unavailable.exitCode() != Exit.UNAVAILABLE) {
                throw unavailable;
            }
            cli().err().println("numreg-cli: " + unavailable.getMessage() + " (trying again)");
        }
        return true;
    }

    private static void print(Output output, JsonNode event, String line) {
        if (output.format() != Output.Format.TABLE) {
            output.raw(line);
            return;
        }
        String type = event.path("type").asText().replaceFirst("^org\\.numreg\\.", "").replaceFirst("\\.v[0-9]+$", "");
        output.raw(String.format("%-10s %-24s %-20s %-13s %-4s %s", event.path("id").asText(),
                event.path("time").asText(), type, event.path("subject").asText(),
                event.path("numregregistrar").asText(), event.path("numregprincipal").asText()).stripTrailing());
    }

    private void stopped(PrintWriter err) {
        String at = cursor;
        err.println(at == null ? "numreg-cli: no changes" : "numreg-cli: stopped after " + at + "; resume with --after " + at);
        err.flush();
    }
}
