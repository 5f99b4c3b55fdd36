package org.numreg.console.web;

import io.quarkus.qute.TemplateData;

import java.util.List;
import java.util.Map;

/**
 * One line of a number's history as a person reads it: when, what, who, where, and what it left
 * (the whois history gives each change's event data, whose shape differs by kind of change).
 */
@TemplateData
public record HistoryLine(long position, Object time, String what, String who, String registrar, String detail) {

    static List<HistoryLine> of(List<Map<String, Object>> history) {
        return history.stream().map(HistoryLine::of).toList();
    }

    @SuppressWarnings("unchecked")
    static HistoryLine of(Map<String, Object> change) {
        Map<String, Object> principal = (Map<String, Object>) change.getOrDefault("principal", Map.of());
        Map<String, Object> data = (Map<String, Object>) change.getOrDefault("data", Map.of());
        return new HistoryLine(((Number) change.get("position")).longValue(), change.get("time"),
                String.valueOf(change.get("type")).replaceFirst("^org\\.numreg\\.", ""),
                String.valueOf(principal.getOrDefault("name", "")), String.valueOf(change.getOrDefault("registrar", "")),
                detail(data));
    }

    @SuppressWarnings("unchecked")
    private static String detail(Map<String, Object> data) {
        if (data.get("number") instanceof Map<?, ?> view) {
            Map<String, Object> number = (Map<String, Object>) view;
            return "OCN " + number.get("ocn") + ", version " + number.get("version");
        }
        if (data.containsKey("gainingOcn")) {
            return data.get("losingOcn") + " → " + data.get("gainingOcn")
                    + (data.get("dueAt") != null ? " at " + data.get("dueAt") : "");
        }
        if (data.containsKey("channel")) {
            return "wrong PIN (" + data.get("channel") + "), " + data.get("failures") + " in a row";
        }
        if (data.containsKey("portProtected")) {
            return Boolean.TRUE.equals(data.get("portProtected")) ? "protected against ports" : "port protection off";
        }
        return data.containsKey("ocn") ? "OCN " + data.get("ocn") : "";
    }
}
