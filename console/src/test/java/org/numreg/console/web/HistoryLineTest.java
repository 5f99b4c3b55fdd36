package org.numreg.console.web;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryLineTest {

    static Map<String, Object> change(long position, String type, Map<String, Object> data) {
        return Map.of("position", position, "time", "2026-12-06T08:00:00Z", "type", type, "registrar", "r3",
                "principal", Map.of("id", "x", "name", "bob"), "data", data);
    }

    @Test
    void eachKindOfChangeSaysWhatItLeft() {
        List<HistoryLine> lines = HistoryLine.of(List.of(
                change(5, "org.numreg.number-allocated.v1",
                        Map.of("event", "NumberAllocated", "number", Map.of("ocn", "1510", "version", 1))),
                change(8, "org.numreg.pin-failure-recorded.v1", Map.of("channel", "port", "failures", 2)),
                change(9, "org.numreg.port-completed.v1", Map.of("losingOcn", "1510", "gainingOcn", "0042")),
                change(10, "org.numreg.port-protection-set.v1", Map.of("ocn", "0042", "portProtected", true))));
        assertThat(lines).extracting(HistoryLine::detail).containsExactly("OCN 1510, version 1",
                "wrong PIN (port), 2 in a row", "1510 → 0042", "protected against ports");
        assertThat(lines.getFirst().what()).isEqualTo("number-allocated.v1");
        assertThat(lines.getFirst().who()).isEqualTo("bob");
        assertThat(lines.getFirst().registrar()).isEqualTo("r3");
    }
}
