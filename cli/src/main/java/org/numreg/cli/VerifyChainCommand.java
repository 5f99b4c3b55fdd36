package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.numreg.registry.codec.ChainVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

@Command(name = "verify-chain", description = {"Recompute the log's hash chain from change events; say where it breaks.",
        "It breaks where an event was changed, dropped, added or put out of order. Reads NDJSON events (the sync feed, a topic",
        "dump) from the files named, or from standard input; with --feed, the registrar's whole feed."})
final class VerifyChainCommand extends Action {

    @Parameters(arity = "0..*", paramLabel = "FILE")
    List<Path> files;

    @Option(names = "--feed", description = "read the registrar's changes feed (sync-service) from the start, or from --after")
    boolean feed;

    @Option(names = "--after", paramLabel = "POSITION", description = "the events start after this position (a snapshot's) …")
    Long after;

    @Option(names = "--hash", paramLabel = "HEX", description = "… whose chain hash is this")
    String hash;

    @Override
    public Integer call() throws IOException {
        if ((after == null) != (hash == null)) {
            throw new CliException(Exit.BAD_INPUT, "--after and --hash go together: a position and its chain hash");
        }
        ChainVerifier verifier = after == null ? new ChainVerifier() : new ChainVerifier(after, hex(hash));
        long first = verifier.position() + 1;
        try {
            if (feed) {
                try (InputStream events = cli().api().stream(Profile.Service.SYNC,
                        "/v1/changes" + Api.query("after", after == null ? 0 : after), Api.Auth.REQUIRED)) {
                    read(verifier, events);
                }
            } else if (files == null || files.isEmpty()) {
                read(verifier, cli().in());
            } else {
                for (Path file : files) {
                    try (InputStream events = Files.newInputStream(file)) {
                        read(verifier, events);
                    }
                }
            }
            verifier.finish();
        } catch (ChainVerifier.Broken broken) {
            throw new CliException(Exit.REFUSED, "the chain breaks at " + broken.getMessage());
        }
        ObjectNode result = Json.MAPPER.createObjectNode().put("holds", true);
        if (verifier.position() >= first) {
            result.put("from", first).put("through", verifier.position()).put("hash", verifier.hashHex());
        }
        cli().output().record(result);
        return Exit.OK;
    }

    private static void read(ChainVerifier verifier, InputStream events) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(events, StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (!line.isBlank()) {
                verifier.accept(line.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] hex(String value) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new CliException(Exit.BAD_INPUT, "--hash is hexadecimal: " + value);
        }
    }
}
