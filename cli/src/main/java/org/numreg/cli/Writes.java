package org.numreg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * How a committed write is shown: the registry's answer and the log position that committed it —
 * a line for people, a field {@code committedAt} for scripts (a read with {@code --min-position}
 * of it sees the write at any registrar).
 */
final class Writes {

    private Writes() {
    }

    /**
     * The answer and where it was committed; in a table, the answer as one record, or the items of
     * its array {@code listed} (when not null) one a row in {@code columns}.
     */
    static int show(Output output, Http.Reply reply, String listed, List<Output.Column> columns) {
        if (output.format() == Output.Format.TABLE) {
            if (listed != null) {
                output.list(reply.body().path(listed), columns);
            } else if (!reply.body().isMissingNode()) {
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
