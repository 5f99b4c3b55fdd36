package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;

/** What every write takes: the key that makes sending it again safe. */
final class WriteOptions {

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "send the write again with the same key and it is done once (default: a fresh key, printed)")
    String idempotencyKey;

    /** Sends the write with its key and shows what it committed; the exit code. */
    int send(NumregCli cli, String method, Profile.Service service, String path, JsonNode body) {
        return send(cli, method, service, path, body, null, List.of());
    }

    /** As {@link #send}, an answer's array {@code listed} shown one item a row in a table. */
    int send(NumregCli cli, String method, Profile.Service service, String path, JsonNode body, String listed,
             List<Output.Column> columns) {
        return Writes.show(cli.output(), cli.api().write(method, service, path, body, key(cli.err())), listed, columns);
    }

    /** The key given, or a fresh one told on standard error so that the user can retry with it. */
    String key(PrintWriter err) {
        if (idempotencyKey != null) {
            return idempotencyKey;
        }
        String fresh = "cli-" + UUID.randomUUID();
        err.println("idempotency key " + fresh + " (to retry this write safely: --idempotency-key " + fresh + ")");
        err.flush();
        return fresh;
    }
}
