package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeadAndDigestTest {

    private static JsonNode json(String value) {
        return Json.parse(value.getBytes());
    }

    @Test
    void registrarsAtOnePositionAgreeWhenTheirHashesDo() {
        List<JsonNode> heads = List.of(json("{\"registrar\":\"r1\",\"position\":7,\"hash\":\"aa\"}"),
                json("{\"registrar\":\"r2\",\"position\":7,\"hash\":\"aa\"}"),
                json("{\"registrar\":\"r3\",\"position\":5,\"hash\":\"cc\"}"),
                json("{\"registrar\":\"r4\",\"agreement\":\"UNREACHABLE\"}"));
        assertThat(HeadCommand.mark(heads)).isFalse();
        assertThat(heads).extracting(h -> h.path("agreement").asText())
                .containsExactly("AGREE", "AGREE", "behind by 2", "UNREACHABLE");
    }

    @Test
    void twoHashesAtOnePositionAreADivergence() {
        List<JsonNode> heads = List.of(json("{\"registrar\":\"r1\",\"position\":7,\"hash\":\"aa\"}"),
                json("{\"registrar\":\"r2\",\"position\":7,\"hash\":\"bb\"}"));
        assertThat(HeadCommand.mark(heads)).isTrue();
        assertThat(heads).extracting(h -> h.path("agreement").asText()).containsOnly("DIFFERS");
    }

    @Test
    void theWalkDownGoesToTheFirstChildThatDiffersOrThatOneSideLacks() {
        JsonNode a = json("""
                {"children":[{"prefix":"+1","count":2,"hash":"x"},{"prefix":"+3","count":1,"hash":"y"},
                             {"prefix":"+4","count":1,"hash":"z"}]}""");
        JsonNode b = json("""
                {"children":[{"prefix":"+1","count":2,"hash":"x"},{"prefix":"+3","count":1,"hash":"Y"}]}""");
        assertThat(DigestCommand.Compare.firstDifferingChild(a, b)).isEqualTo("+3");
        JsonNode c = json("{\"children\":[{\"prefix\":\"+1\",\"count\":2,\"hash\":\"x\"}]}");
        assertThat(DigestCommand.Compare.firstDifferingChild(c, json("{\"children\":[]}"))).isEqualTo("+1");
        assertThat(DigestCommand.Compare.firstDifferingChild(c, c)).isNull();
    }
}
