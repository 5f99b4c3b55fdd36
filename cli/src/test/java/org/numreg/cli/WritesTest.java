package org.numreg.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WritesTest {

    private static final Http.Reply ALLOCATED_TWO = new Http.Reply(201, 57L, Json.parse("""
            {"numbers":[{"number":"+16465550000","ocn":"1510","properties":{"cnam":"LAKESIDE"},"version":1},
                        {"number":"+16465550001","ocn":"1510","properties":{},"version":1}]}""".getBytes()));

    private final StringWriter text = new StringWriter();

    @Test
    void numbersAllocatedTogetherAreOneRowEachWithWhereTheyWereCommitted() {
        Writes.show(new Output(Output.Format.TABLE, new PrintWriter(text)), ALLOCATED_TWO, "numbers",
                List.of(new Output.Column("NUMBER", "/number"), new Output.Column("CNAM", "/properties/cnam")));
        assertThat(text.toString()).isEqualTo("""
                NUMBER        CNAM
                +16465550000  LAKESIDE
                +16465550001
                committed at position 57
                """);
    }

    @Test
    void scriptsGetTheWholeAnswerAndItsPosition() {
        Writes.show(new Output(Output.Format.NDJSON, new PrintWriter(text)), ALLOCATED_TWO, "numbers", List.of());
        assertThat(Json.parse(text.toString().getBytes()).at("/numbers/1/number").asText()).isEqualTo("+16465550001");
        assertThat(Json.parse(text.toString().getBytes()).path("committedAt").asLong()).isEqualTo(57);
    }

    @Test
    void aSingleAnswerIsARecord() {
        Writes.show(new Output(Output.Format.TABLE, new PrintWriter(text)),
                new Http.Reply(201, 9L, Json.parse("{\"block\":\"212-555-3\",\"ocn\":\"1510\"}".getBytes())), null, List.of());
        assertThat(text.toString()).isEqualTo("""
                block  212-555-3
                ocn    1510
                committed at position 9
                """);
    }
}
