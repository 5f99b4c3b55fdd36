package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTest {

    private final StringWriter text = new StringWriter();

    private Output output(Output.Format format) {
        return new Output(format, new PrintWriter(text));
    }

    private static JsonNode json(String value) {
        return Json.parse(value.getBytes());
    }

    @Test
    void aTableAlignsItsColumnsToTheWidestCell() {
        String table = Output.table(List.of("NUMBER", "OCN"), List.of(List.of("+12125550100", "1510"), List.of("+1", "42")));
        assertThat(table).isEqualTo("""
                NUMBER        OCN
                +12125550100  1510
                +1            42
                """);
    }

    @Test
    void aRecordIsOneRowAFieldWithNestedFieldsDotted() {
        output(Output.Format.TABLE).record(json("""
                {"number":"+12125550100","ocn":"1510","properties":{"cnam":"LAKESIDE","type":"MOBILE"},"pinSet":null,
                 "ocns":["1510","0042"]}"""));
        assertThat(text.toString()).isEqualTo("""
                number           +12125550100
                ocn              1510
                properties.cnam  LAKESIDE
                properties.type  MOBILE
                ocns             1510,0042
                """);
    }

    @Test
    void scriptsGetJsonOrOneObjectALine() {
        List<JsonNode> items = List.of(json("{\"a\":1}"), json("{\"a\":2}"));
        output(Output.Format.NDJSON).list(items, List.of(new Output.Column("A", "/a")));
        assertThat(text.toString()).isEqualTo("{\"a\":1}\n{\"a\":2}\n");
        text.getBuffer().setLength(0);
        output(Output.Format.JSON).list(items, List.of(new Output.Column("A", "/a")));
        assertThat(Json.parse(text.toString().getBytes())).hasSize(2);
    }

    @Test
    void notesAreForPeopleOnly() {
        output(Output.Format.JSON).note("committed at position 4");
        assertThat(text.toString()).isEmpty();
        output(Output.Format.TABLE).note("committed at position 4");
        assertThat(text.toString()).isEqualTo("committed at position 4\n");
    }

    @Test
    void aNarrowColumnCutsLongValues() {
        output(Output.Format.TABLE).list(List.of(json("{\"hash\":\"0123456789abcdef0123\"}")),
                List.of(new Output.Column("HASH", "/hash", 8)));
        assertThat(text.toString()).isEqualTo("HASH\n01234567…\n");
    }
}
