package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a committed write is shown: the registry's answer and the log position that committed it —
 * a line for people, a field {@code committedAt} for scripts (a read with {@code --min-position}
 * of it sees the write at any registrar).
 */
final class Writes {

    private Writes() {
    }

    static int show(NumregCli cli, Http.Reply reply) {
        Output output = cli.output();
        if (output.format() == Output.Format.TABLE) {
            if (!reply.body().isMissingNode()) {
                output.record(reply.body());
            }
            output.note("committed at position " + reply.position());
            return Exit.OK;
        }
        ObjectNode answer = reply.body().isObject() ? ((ObjectNode) reply.body()).deepCopy() : Json.MAPPER.createObjectNode();
        if (reply.body().isArray()) {
            answer.set("items", reply.body());
        }
        output.record(answer.put("committedAt", reply.position()));
        return Exit.OK;
    }
}
